"""Hugging Face AutoModelForSequenceClassification reward model with optional LoRA (the paper's setup).

Pitfalls handled (rlhf-anchors.md §1.1, §6): the score head is saved with the adapter
(modules_to_save=["score"]), a pad token is set and copied into the model config (sequence
classification finds each row's last token through pad_token_id), and padding is on the right.
"""
import os

from ser_flow_sdk import StepInputError

from .encode import TEXT_FORMAT, format_score_text

ADAPTER_DIR = "adapter"
FULL_DIR = "hf-model"
TOKENIZER_DIR = "tokenizer"
LORA_DEFAULTS = {"r": 8, "alpha": 32, "dropout": 0.1}


def _resolve_user_folder(path):
    """A relative folder means the one `ser-flow run` started in (SER_FLOW_CWD), not this step's output folder.
    A relative name that is no folder there is left as written: with allow_download it is a hub id."""
    if not path or os.path.isabs(path):
        return path
    candidate = os.path.join(os.environ.get("SER_FLOW_CWD", os.getcwd()), path)
    return candidate if os.path.isdir(candidate) else path


def _import_transformers():
    try:
        import transformers  # noqa: PLC0415 - optional dependency
    except ImportError as error:
        raise StepInputError(
            "model: hf needs the Python package transformers (and peft for LoRA), which is not importable. "
            "Fix: pip install transformers peft, or use model: bag / transformer; `ser-flow doctor` shows what is usable"
        ) from error
    return transformers


def _import_peft():
    try:
        import peft  # noqa: PLC0415 - optional dependency
    except ImportError as error:
        raise StepInputError("LoRA needs the Python package peft. Fix: pip install peft, or set lora: false") from error
    return peft


class HfRewardModel:
    def __init__(self, module, tokenizer, architecture, device):
        self.module = module.to(device)
        self.tokenizer = tokenizer
        self.architecture = architecture
        self.device = device

    @staticmethod
    def build(options, device):
        """Loads a local checkpoint (`base_model`) with a fresh 1-output head, wrapped in LoRA unless lora is false."""
        transformers = _import_transformers()
        base = _resolve_user_folder(options.get("base_model"))
        allow_download = bool(options.get("allow_download", False))
        if not base:
            raise StepInputError("model: hf needs `base_model`: the path of a local Hugging Face checkpoint folder")
        if not allow_download and not os.path.isdir(base):
            raise StepInputError(
                f"base_model {base!r} is not a local folder; ser-flow does not download models unless "
                "`allow_download: true` is set. Fix: pass the path of a saved checkpoint"
            )
        tokenizer = _load_tokenizer(transformers, base, allow_download)
        module = transformers.AutoModelForSequenceClassification.from_pretrained(
            base, num_labels=1, local_files_only=not allow_download
        )
        if len(tokenizer) > module.get_input_embeddings().num_embeddings:
            module.resize_token_embeddings(len(tokenizer))  # a [PAD] token was added
        module.config.pad_token_id = tokenizer.pad_token_id
        lora = options.get("lora", True)
        architecture = {"architecture": "hf", "base_model": os.path.abspath(base) if os.path.isdir(base) else base,
                        "max_len": options["max_len"], "lora": None, "allow_download": allow_download}
        if lora:
            peft = _import_peft()
            settings = {**LORA_DEFAULTS, **(lora if isinstance(lora, dict) else {})}
            config = peft.LoraConfig(
                task_type=peft.TaskType.SEQ_CLS, r=settings["r"], lora_alpha=settings["alpha"],
                lora_dropout=settings["dropout"], modules_to_save=_get_head_names(module),
            )
            module = peft.get_peft_model(module, config)
            architecture["lora"] = settings
        return HfRewardModel(module, tokenizer, architecture, device)

    @staticmethod
    def load(folder, config, device, trainable=False):
        """`trainable`: keep the LoRA weights trainable (a warm start); scoring loads them frozen."""
        transformers = _import_transformers()
        architecture = {key: config.get(key) for key in ("architecture", "base_model", "max_len", "lora", "allow_download")}
        tokenizer = transformers.AutoTokenizer.from_pretrained(os.path.join(folder, TOKENIZER_DIR), local_files_only=True)
        tokenizer.padding_side = "right"
        if architecture.get("lora"):
            peft = _import_peft()
            base_path = architecture["base_model"]
            download = bool(architecture["allow_download"])
            if not download and not os.path.isdir(base_path):
                raise StepInputError(
                    f"{folder}/config.json: the LoRA adapter's base checkpoint {base_path} is missing; "
                    "restore it at that path (the adapter holds only the LoRA weights and the score head)"
                )
            base = transformers.AutoModelForSequenceClassification.from_pretrained(base_path, num_labels=1, local_files_only=not download)
            if len(tokenizer) > base.get_input_embeddings().num_embeddings:
                base.resize_token_embeddings(len(tokenizer))
            base.config.pad_token_id = tokenizer.pad_token_id
            module = peft.PeftModel.from_pretrained(base, os.path.join(folder, ADAPTER_DIR), is_trainable=trainable)
        else:
            module = transformers.AutoModelForSequenceClassification.from_pretrained(os.path.join(folder, FULL_DIR), local_files_only=True)
        return HfRewardModel(module, tokenizer, architecture, device)

    def encode(self, prompts, responses):
        texts = [format_score_text(p, r) for p, r in zip(prompts, responses)]
        batch = self.tokenizer(texts, padding=True, truncation=True, max_length=self.architecture["max_len"], return_tensors="pt")
        return {key: value.to(self.device) for key, value in batch.items() if key in ("input_ids", "attention_mask")}

    def reward(self, encoded):
        return self.module(**encoded).logits.squeeze(-1).float()

    def save(self, folder):
        target = ADAPTER_DIR if self.architecture.get("lora") else FULL_DIR
        self.module.save_pretrained(os.path.join(folder, target))
        self.tokenizer.save_pretrained(os.path.join(folder, TOKENIZER_DIR))
        return {**self.architecture, "text_format": TEXT_FORMAT, "truncation": "keep_start",
                "tokenizer": {"kind": "hf", "dir": TOKENIZER_DIR}, "weights": {"dir": target}}


def _get_head_names(module):
    """The classification head must be saved with the adapter or it reloads randomly initialised."""
    names = [name for name in ("score", "classifier") if hasattr(module, name)]
    return names or ["score"]


def _load_tokenizer(transformers, base, allow_download):
    tokenizer = transformers.AutoTokenizer.from_pretrained(base, local_files_only=not allow_download)
    if tokenizer.pad_token is None:
        if tokenizer.eos_token is not None:
            tokenizer.pad_token = tokenizer.eos_token
        else:
            tokenizer.add_special_tokens({"pad_token": "[PAD]"})
    tokenizer.padding_side = "right"
    return tokenizer
