"""The blamelessness lint: findings with offsets, categories and neutral rewrites."""
