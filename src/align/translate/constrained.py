"""Lexically constrained beam search with dynamic beam allocation (Post & Vilar, NAACL 2018).

transformers v5 dropped its built-in constrained beam search, so this is our own: a beam
search over any "next-token log-probabilities" step function, where every hypothesis
carries its constraint state (which required token sequences it has already produced
and how far it is into the one it is producing now).

At each step every hypothesis proposes (a) its ``k`` best next tokens, (b) the next
token of the constraint it is in the middle of, and (c) the first token of every
constraint it has not started. Candidates are grouped into *banks* by how many
constraint tokens they have met, and the beam is filled round-robin from the fullest
bank down, so hypotheses that have placed the terms are not crowded out by ones that
have not (the "dynamic beam allocation" of the paper). End-of-sentence is only allowed
once every constraint is met, and when the remaining length would not fit the unmet
tokens, only constraint tokens are allowed: the output therefore always contains every
constraint, even from a random-weight model.

The step function hides the model: ``step(tokens, parents)`` receives the token chosen
for each beam row and the row it extends (so a KV cache can be reordered) and returns
log-probabilities of shape ``(rows, vocab)``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import torch

StepFn = Callable[[list[int], list[int]], torch.Tensor]


@dataclass(frozen=True, slots=True)
class _State:
    met: tuple[bool, ...]  # constraint i fully produced
    current: int  # index of the constraint in progress, -1 for none
    pos: int  # tokens of ``current`` matched so far

    def advance(self, token: int, constraints: Sequence[Sequence[int]]) -> _State:
        met, current, pos = self.met, self.current, self.pos
        if current >= 0:
            if constraints[current][pos] == token:
                pos += 1
                if pos == len(constraints[current]):
                    met = met[:current] + (True,) + met[current + 1:]
                    return _State(met, -1, 0)
                return _State(met, current, pos)
            current, pos = -1, 0  # abandoned; the token may start another constraint
        for i, cons in enumerate(constraints):
            if not met[i] and cons[0] == token:
                if len(cons) == 1:
                    return _State(met[:i] + (True,) + met[i + 1:], -1, 0)
                return _State(met, i, 1)
        return _State(met, -1, 0)

    def progress(self, lengths: Sequence[int]) -> int:
        """Constraint tokens produced so far (the bank this hypothesis belongs to)."""
        return sum(n for n, m in zip(lengths, self.met, strict=True) if m) + self.pos

    def remaining(self, lengths: Sequence[int]) -> int:
        return sum(lengths) - self.progress(lengths)

    def forced(self, constraints: Sequence[Sequence[int]]) -> set[int]:
        """Tokens allowed when out of room: finish the current constraint, else start one."""
        if self.current >= 0:
            return {constraints[self.current][self.pos]}
        return {c[0] for i, c in enumerate(constraints) if not self.met[i]}

    def needed(self, constraints: Sequence[Sequence[int]]) -> set[int]:
        """Tokens that make progress: the next of the current one, or any unmet first token."""
        if self.current >= 0:
            out = {constraints[self.current][self.pos]}
        else:
            out = set()
        out |= {c[0] for i, c in enumerate(constraints) if not self.met[i]}
        return out


@dataclass(slots=True)
class _Hyp:
    tokens: list[int]
    score: float
    state: _State


def constrained_beam_search(
    step: StepFn,
    constraints: Sequence[Sequence[int]],
    *,
    num_beams: int,
    max_length: int,
    eos_id: int,
    banned: Sequence[int] = (),
    forced_first: int | None = None,
    length_penalty: float = 1.0,
) -> list[int]:
    """Return the best token sequence (without EOS) that contains every constraint.

    ``constraints`` are token-id sequences (empty ones are ignored); ``banned`` token ids
    are never generated (pad, decoder start); ``forced_first`` is a token every output
    must begin with (NLLB / mBART target-language codes). ``max_length`` counts
    generated tokens and is raised to fit the constraints if needed.
    """
    cons = [list(c) for c in constraints if len(c) > 0]
    lengths = [len(c) for c in cons]
    max_length = max(max_length, sum(lengths) + (1 if forced_first is not None else 0) + 1)
    num_beams = max(1, num_beams)
    start = _State(tuple(False for _ in cons), -1, 0)
    # Row 0 is the real start; the other rows are fillers that can never win.
    beams = [_Hyp([], 0.0 if r == 0 else float("-inf"), start) for r in range(num_beams)]
    finished: list[tuple[float, list[int]]] = []
    tokens: list[int] = []
    parents: list[int] = []
    k = num_beams + 1

    for t in range(max_length):
        logprobs = step(tokens, parents).float()
        vocab = logprobs.shape[-1]
        if banned:
            logprobs[:, [b for b in banned if 0 <= b < vocab]] = float("-inf")
        candidates: dict[tuple[int, int], tuple[float, int, _Hyp]] = {}
        for row, hyp in enumerate(beams):
            if hyp.score == float("-inf"):
                continue
            lp = logprobs[row]
            left = max_length - t  # steps left, this one included
            if t == 0 and forced_first is not None:
                proposals = {forced_first}
            elif hyp.state.remaining(lengths) >= left - 1 and hyp.state.remaining(lengths) > 0:
                # Out of room: only tokens that make constraint progress.
                proposals = hyp.state.forced(cons)
            else:
                proposals = set(torch.topk(lp, min(k, vocab)).indices.tolist())
                proposals |= hyp.state.needed(cons)
                if hyp.state.remaining(lengths) > 0:
                    proposals.discard(eos_id)
                else:
                    proposals.add(eos_id)
            for tok in proposals:
                score = hyp.score + float(lp[tok])
                if score == float("-inf"):
                    continue
                if tok == eos_id:
                    norm = score / (max(1, len(hyp.tokens)) ** length_penalty)
                    finished.append((norm, hyp.tokens))
                    continue
                key = (row, tok)
                if key not in candidates or candidates[key][0] < score:
                    candidates[key] = (score, row, hyp)
        if not candidates:
            break
        # Dynamic beam allocation: banks by constraint progress, round-robin from the top.
        banks: dict[int, list[tuple[float, int, int, _State]]] = {}
        for (row, tok), (score, _, hyp) in candidates.items():
            state = hyp.state.advance(tok, cons)
            banks.setdefault(state.progress(lengths), []).append((score, row, tok, state))
        for bank in banks.values():
            bank.sort(key=lambda c: -c[0])
        order = sorted(banks, reverse=True)
        chosen: list[tuple[float, int, int, _State]] = []
        cursor = {b: 0 for b in order}
        while len(chosen) < num_beams and any(cursor[b] < len(banks[b]) for b in order):
            for b in order:
                if cursor[b] < len(banks[b]) and len(chosen) < num_beams:
                    chosen.append(banks[b][cursor[b]])
                    cursor[b] += 1
        chosen.sort(key=lambda c: -c[0])
        while len(chosen) < num_beams:  # keep a fixed number of rows for the cache
            score, row, tok, state = chosen[0]
            chosen.append((float("-inf"), row, tok, state))
        beams = [_Hyp(beams[row].tokens + [tok], score, state) for score, row, tok, state in chosen]
        tokens = [tok for _, _, tok, _ in chosen]
        parents = [row for _, row, _, _ in chosen]
        # Stop when enough hypotheses ended and none alive can beat the best of them.
        if len(finished) >= num_beams:
            best_done = max(f[0] for f in finished)
            alive = [h.score / (len(h.tokens) ** length_penalty) for h in beams
                     if h.score != float("-inf") and h.state.remaining(lengths) == 0]
            if not alive or max(alive) < best_done:
                break

    complete = [b for b in beams if b.score != float("-inf") and b.state.remaining(lengths) == 0]
    for hyp in complete:
        finished.append((hyp.score / (max(1, len(hyp.tokens)) ** length_penalty), hyp.tokens))
    if finished:
        return max(finished, key=lambda f: f[0])[1]
    # Cannot happen with the room reserved above; keep the most advanced hypothesis.
    best = max(beams, key=lambda h: (h.state.progress(lengths), h.score))
    return best.tokens
