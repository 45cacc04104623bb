"""The model picker shared by the Draft and Review tabs: one place to choose, used by both.

Its four components are passed to both tabs' events as inputs; the handlers turn the values
into a model with :meth:`assistant.web.model_choice.ModelSetup.pick`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import gradio as gr

from assistant.web.model_choice import MODEL_CHOICES, STARTED, model_label

if TYPE_CHECKING:
    from gradio.components import Component
    from langchain_core.language_models import BaseChatModel


@dataclass(frozen=True)
class ModelPicker:
    """The picker's components, in the order the handlers take their values."""

    choice: gr.Radio
    name: gr.Textbox
    base_url: gr.Textbox
    api_key: gr.Textbox

    @property
    def inputs(self) -> list[Component]:
        """Choice, model name, base URL and key, as event inputs."""
        return [self.choice, self.name, self.base_url, self.api_key]


def build_model_picker(model: BaseChatModel | None, key_notice: str = "") -> ModelPicker:
    """Lay out the picker; "as started" is offered first when the app has a model.

    ``key_notice`` (from :meth:`OperatorPolicy.key_notice`) is shown under the key field, so a
    visitor knows whose key an empty field spends.
    """
    choices = MODEL_CHOICES
    if model is not None:
        choices = [(f"As started ({model_label(model)})", STARTED), *MODEL_CHOICES]
    with (gr.Accordion("Model (used by Draft and Review)", open=True, elem_id="model-panel"),
          gr.Row(equal_height=False)):
            choice = gr.Radio(
                choices=choices, value=STARTED if model is not None else "offline",
                label="Model", elem_id="model-choice", min_width=240,
            )
            name = gr.Textbox(label="Model name", placeholder="gpt-4o-mini",
                              value="", elem_id="model-name", min_width=160)
            base_url = gr.Textbox(label="Base URL (OpenAI-compatible server)",
                                  placeholder="http://127.0.0.1:11434/v1", value="",
                                  elem_id="base-url", min_width=200)
            api_key = gr.Textbox(label="API key (never stored or shown)", type="password",
                                 value="", elem_id="api-key", min_width=160,
                                 info=key_notice or None)
    return ModelPicker(choice, name, base_url, api_key)
