"""5 Whys: chains read from text, final-cause categories, depth checks, next whys."""
