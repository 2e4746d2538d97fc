"""The ``transformers`` backend: any seq2seq translation model from a local folder or a hub id.

Supported families, detected from ``config.model_type`` (and the tokenizer class for
NLLB, which shares M2M100's model type):

* MarianMT (``opus-mt-xx-yy``): one pair per model, read from the tokenizer config or
  the model name; multi-target models get their ``>>xxx<<`` prefix token.
* NLLB-200 (``por_Latn``, ``zho_Hans``, ...), M2M100 (``pt``, ``zh``), mBART-50
  (``pt_XX``, ``zh_CN``): many-to-many; BCP-47 tags are mapped to the model's codes
  and the target code is forced as the first generated token.

torch and transformers are imported on first use, never at ``import align``. The model
loads on the first ``translate`` call and stays cached on the instance.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from align.errors import BackendError, BackendUnavailable, ConfigError
from align.lang import base_language, closest, is_lang_tag, normalize_lang
from align.translate.base import EnforceMode, TranslatorBase

#: BCP-47 tag -> model language code, per family (only languages align supports).
LANG_CODES: dict[str, dict[str, str]] = {
    "nllb": {"en": "eng_Latn", "pt": "por_Latn", "id": "ind_Latn", "ja": "jpn_Jpan",
             "zh-Hans": "zho_Hans", "zh-Hant": "zho_Hant"},
    "m2m_100": {"en": "en", "pt": "pt", "id": "id", "ja": "ja", "zh-Hans": "zh"},
    "mbart": {"en": "en_XX", "pt": "pt_XX", "id": "id_ID", "ja": "ja_XX", "zh-Hans": "zh_CN"},
}
# Target-language tokens of multi-target Marian models (opus-mt-en-ROMANCE style).
_MARIAN_TARGET_TOKENS = {"en": "eng", "pt": "por", "id": "ind", "ja": "jpn",
                         "zh-Hans": "cmn_Hans", "zh-Hant": "cmn_Hant"}
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?$")
_OPUS_NAME = re.compile(r"opus-mt-(?:tc-(?:big|base)-)?([a-zA-Z]{2,3})-([a-zA-Z]{2,3})(?![a-zA-Z])")


def example_model(pair: tuple[str, str] | None) -> str:
    """A hub id to suggest for ``pair`` (``Helsinki-NLP/opus-mt-en-pt`` for en->pt), in the
    asked direction; the ``SRC-TGT`` pattern when the direction is not known."""
    if pair is None:
        return "Helsinki-NLP/opus-mt-SRC-TGT"
    src, tgt = (tag.split("-")[0].lower() for tag in pair)
    return f"Helsinki-NLP/opus-mt-{src}-{tgt}"


def _how_to_get(model: str, pair: tuple[str, str] | None = None) -> str:
    example = model if _HUB_ID.match(model) and "/" in model else example_model(pair)
    return (
        f"on a machine with network run `huggingface-cli download {example} --local-dir DIR`, "
        "copy DIR here and pass --model DIR (the hub is unreachable offline)"
    )


def _norm(tag: str) -> str | None:
    return normalize_lang(tag) if is_lang_tag(tag) else None  # unknown codes: not served


def _code(codes: dict[str, str], tag: str) -> str:
    """The model's code for ``tag``: the most specific key serving it (``pt`` for pt-BR)."""
    key = closest(codes, tag)
    if key is None:
        raise BackendError(f"the model has no language code for {tag!r}")
    return codes[key]


class HFTranslator(TranslatorBase):
    """A transformers seq2seq model (``model`` = local folder or hub id).

    ``device`` is ``"auto"`` (CUDA when present, else CPU), ``"cpu"``, ``"cuda"`` or
    ``"cuda:N"``; it is resolved once (see :attr:`device`). ``num_beams`` and
    ``max_length`` (new tokens per segment) apply to every decode, constrained or not.
    ``threads`` sets torch's CPU thread count (process-wide) when given; on a busy
    machine 1 can be many times faster than torch's default of one per core.
    """

    name = "transformers"
    modes = (EnforceMode.CONSTRAINED, EnforceMode.PLACEHOLDER, EnforceMode.REPAIR)
    placeholder_families = ("ZXQ{i}", "[T{i}]")

    def __init__(
        self,
        *,
        model: str | Path | None = None,
        device: str = "auto",
        num_beams: int = 4,
        max_length: int = 256,
        revision: str | None = None,
        threads: int | None = None,
        pair: tuple[str, str] | None = None,
    ) -> None:
        self.pair_hint = pair  # the direction asked for: only used in hints
        if model is None or not str(model).strip():
            raise ConfigError(
                "the transformers backend needs --model DIR or a hub id, e.g. "
                f"--model {example_model(pair)}"
            )
        missing = [m for m in ("torch", "transformers") if importlib.util.find_spec(m) is None]
        if missing:
            raise BackendUnavailable(
                f"the transformers backend needs {' and '.join(missing)}: "
                "pip install 'align[translate]'"
            )
        if num_beams < 1 or max_length < 1:
            raise ConfigError(
                f"num_beams and max_length must be >= 1, got {num_beams}, {max_length}")
        self.model_id = str(model)
        self.local = Path(self.model_id).expanduser().is_dir()
        if not self.local and not _HUB_ID.match(self.model_id):
            raise BackendUnavailable(
                f"model folder {self.model_id!r} not found; {_how_to_get('', pair)}")
        self.requested_device = device
        self.num_beams = num_beams
        self.max_length = max_length
        self.revision = revision
        if threads is not None and threads < 1:
            raise ConfigError(f"threads must be at least 1, got {threads}")
        self.threads = threads
        self._device: str | None = None
        self._model: Any = None
        self._tok: Any = None
        self._meta: dict[str, Any] | None = None

    # -- metadata (cheap: JSON files only for a local folder) ---------------------------

    def _read_meta(self) -> dict[str, Any]:
        if self._meta is not None:
            return self._meta
        if self.local:
            root = Path(self.model_id).expanduser()
            cfg_path = root / "config.json"
            if not cfg_path.is_file():
                raise BackendUnavailable(
                    f"{cfg_path}: not found; {self.model_id!r} is not a transformers model "
                    f"folder; {_how_to_get('', self.pair_hint)}"
                )
            config = json.loads(cfg_path.read_text(encoding="utf-8"))
            tok_path = root / "tokenizer_config.json"
            tok_cfg = (json.loads(tok_path.read_text(encoding="utf-8"))
                       if tok_path.is_file() else {})
        else:
            config = self._load_config_from_hub()
            tok_cfg = {}
        model_type = str(config.get("model_type", ""))
        tok_class = str(tok_cfg.get("tokenizer_class", ""))
        name = f"{self.model_id} {config.get('_name_or_path', '')}"
        if model_type == "m2m_100" and ("nllb" in tok_class.lower() or "nllb" in name.lower()
                                        or int(config.get("vocab_size", 0)) > 200_000):
            family = "nllb"
        elif model_type in ("marian", "m2m_100", "mbart"):
            family = model_type
        else:
            family = "generic"
        self._meta = {"config": config, "tok": tok_cfg, "family": family, "name": name}
        return self._meta

    def _load_config_from_hub(self) -> dict[str, Any]:
        from transformers import AutoConfig

        try:
            cfg = AutoConfig.from_pretrained(self.model_id, revision=self.revision,
                                             local_files_only=self._offline())
        except Exception as exc:
            raise BackendUnavailable(
                f"model {self.model_id!r} is not in the local cache and could not be "
                f"fetched; {_how_to_get(self.model_id)}"
            ) from exc
        out: dict[str, Any] = cfg.to_dict()
        out["_name_or_path"] = self.model_id
        return out

    @staticmethod
    def _offline() -> bool:
        return os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes")

    @property
    def family(self) -> str:
        """``marian`` | ``nllb`` | ``m2m_100`` | ``mbart`` | ``generic``."""
        return str(self._read_meta()["family"])

    def _marian_pair(self) -> tuple[str, str] | None:
        meta = self._read_meta()
        tok = meta["tok"]
        src, tgt = tok.get("source_lang"), tok.get("target_lang")
        if not (src and tgt):
            m = _OPUS_NAME.search(meta["name"])
            if not m:
                return None
            src, tgt = m.group(1), m.group(2)
        a, b = _norm(str(src)), _norm(str(tgt))
        return (a, b) if a and b else None

    def check_pair(self, src: str, tgt: str) -> None:
        self.pair_hint = (src, tgt)
        super().check_pair(src, tgt)

    def pairs(self) -> list[tuple[str, str]] | None:
        family = self.family
        if family in LANG_CODES:
            codes = LANG_CODES[family]
            return [(a, b) for a in codes for b in codes if a != b]
        if family == "marian":
            pair = self._marian_pair()
            return [pair] if pair else None
        return None

    # -- loading ------------------------------------------------------------------------

    @property
    def device(self) -> str:
        """The resolved device (``cpu``, ``cuda``, ``cuda:1``); resolving imports torch."""
        if self._device is None:
            import torch

            want = self.requested_device
            if want == "auto":
                want = "cuda" if torch.cuda.is_available() else "cpu"
            elif want.startswith("cuda") and not torch.cuda.is_available():
                raise ConfigError(f"--device {want!r} asked for, but no CUDA GPU is visible")
            self._device = want
        return self._device

    def _load(self) -> tuple[Any, Any]:
        if self._model is not None:
            return self._model, self._tok
        self._read_meta()
        import torch
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        if self.threads is not None:
            torch.set_num_threads(self.threads)
        local_only = self.local or self._offline()
        try:
            tok = AutoTokenizer.from_pretrained(self.model_id, revision=self.revision,
                                                local_files_only=local_only)
            model = AutoModelForSeq2SeqLM.from_pretrained(self.model_id, revision=self.revision,
                                                          local_files_only=local_only)
        except (OSError, ValueError) as exc:
            raise BackendUnavailable(
                f"cannot load model {self.model_id!r} ({str(exc).splitlines()[0][:160]}); "
                f"{_how_to_get(self.model_id)}"
            ) from exc
        model.to(self.device)
        model.eval()
        self._model, self._tok = model, tok
        return model, tok

    # -- language codes -----------------------------------------------------------------

    def _prepare(self, src: str, tgt: str) -> tuple[str, int | None]:
        """Set the tokenizer's source language; return (text prefix, forced first token)."""
        model, tok = self._load()
        family = self.family
        if family in LANG_CODES:
            codes = LANG_CODES[family]
            tok.src_lang = _code(codes, src)
            if hasattr(tok, "tgt_lang"):
                tok.tgt_lang = _code(codes, tgt)
            token = f"__{_code(codes, tgt)}__" if family == "m2m_100" else _code(codes, tgt)
            forced = tok.convert_tokens_to_ids(token)
            if forced is None or forced == tok.unk_token_id:
                raise BackendError(f"model {self.model_id!r} has no language token {token!r}")
            return "", int(forced)
        if family == "marian":
            key = closest(_MARIAN_TARGET_TOKENS, tgt)
            code = _MARIAN_TARGET_TOKENS[key] if key else None
            vocab = tok.get_vocab()
            if code and f">>{code}<<" in vocab:
                return f">>{code}<< ", None
            short = base_language(tgt)
            if f">>{short}<<" in vocab:
                return f">>{short}<< ", None
        return "", None

    # -- decoding -----------------------------------------------------------------------

    def _translate(self, texts: list[str], src: str, tgt: str, *, batch_size: int) -> list[str]:
        return self.translate_constrained(texts, src, tgt, [[] for _ in texts],
                                          batch_size=batch_size)

    def translate_constrained(
        self,
        texts: Sequence[str],
        src: str,
        tgt: str,
        constraints: Sequence[Sequence[str]],
        *,
        batch_size: int = 16,
    ) -> list[str]:
        """Translate ``texts``; segment ``i`` must contain every string in ``constraints[i]``.

        Unconstrained segments are decoded in length-sorted batches with ``generate``;
        constrained ones one at a time with :func:`constrained_beam_search`.
        """
        import torch

        self.check_pair(src, tgt)
        model, tok = self._load()
        prefix, forced = self._prepare(src, tgt)
        out = list(texts)
        free = [i for i, t in enumerate(texts) if t.strip() and not constraints[i]]
        bound = [i for i, t in enumerate(texts) if t.strip() and constraints[i]]
        free.sort(key=lambda i: -len(texts[i]))
        gen_opts: dict[str, Any] = {"num_beams": self.num_beams,
                                    "max_new_tokens": self._max_new_tokens()}
        if forced is not None:
            gen_opts["forced_bos_token_id"] = forced
        try:
            with torch.inference_mode():
                for b in range(0, len(free), batch_size):
                    idx = free[b:b + batch_size]
                    enc = tok([prefix + texts[i] for i in idx], return_tensors="pt",
                              padding=True, truncation=True).to(self.device)
                    ids = model.generate(**enc, **gen_opts).cpu()
                    for i, text in zip(idx, tok.batch_decode(ids, skip_special_tokens=True),
                                       strict=True):
                        out[i] = text.strip()
                for i in bound:
                    out[i] = self._decode_constrained(prefix + texts[i], constraints[i], forced)
        except torch.OutOfMemoryError as exc:
            raise BackendError(
                f"out of GPU memory translating with {self.model_id!r}; lower --batch-size "
                "or use --device cpu"
            ) from exc
        return out

    def _max_new_tokens(self) -> int:
        """``max_length``, capped by the model's position table (decoding past it crashes)."""
        model, _ = self._load()
        limit = getattr(model.config, "max_position_embeddings", None)
        return min(self.max_length, int(limit) - 2) if limit else self.max_length

    def term_token_ids(self, term: str) -> list[int]:
        """The target-side token ids of ``term`` as it appears after a space."""
        _, tok = self._load()
        ids: list[int] = tok(text_target=term, add_special_tokens=False).input_ids
        return [i for i in ids if i not in tok.all_special_ids]

    def _decode_constrained(self, text: str, terms: Sequence[str], forced: int | None) -> str:
        import torch
        from transformers.modeling_outputs import BaseModelOutput

        from align.translate.constrained import constrained_beam_search

        model, tok = self._load()
        beams = self.num_beams
        enc = tok([text], return_tensors="pt", truncation=True).to(self.device)
        hidden = model.get_encoder()(**enc).last_hidden_state
        encoder_outputs = BaseModelOutput(last_hidden_state=hidden.expand(beams, -1, -1))
        mask = enc["attention_mask"].expand(beams, -1)
        start = model.config.decoder_start_token_id
        cache: Any = None

        def step(tokens: list[int], parents: list[int]) -> torch.Tensor:
            nonlocal cache
            if not tokens:
                inp = torch.full((beams, 1), start, dtype=torch.long, device=self.device)
            else:
                if cache is not None:
                    cache.reorder_cache(torch.tensor(parents, device=self.device))
                inp = torch.tensor(tokens, dtype=torch.long, device=self.device)[:, None]
            res = model(encoder_outputs=encoder_outputs, attention_mask=mask,
                        decoder_input_ids=inp, past_key_values=cache, use_cache=True)
            cache = res.past_key_values
            return torch.log_softmax(res.logits[:, -1, :].float(), dim=-1).cpu()

        banned = [t for t in {tok.pad_token_id, start} if t is not None and t != tok.eos_token_id]
        ids = constrained_beam_search(
            step, [self.term_token_ids(t) for t in terms], num_beams=beams,
            max_length=self._max_new_tokens(), eos_id=int(tok.eos_token_id), banned=banned,
            forced_first=forced,
        )
        return str(tok.decode(ids, skip_special_tokens=True)).strip()

    def signature(self) -> str:
        rev = f"@{self.revision}" if self.revision else ""
        return f"transformers:{self.model_id}{rev}|beams:{self.num_beams}"
