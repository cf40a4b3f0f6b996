"""Context: the rules that decide, from the text around a candidate, whether it is rewritten.

passage (where a passage begins and ends) -> language (what language it is in) and mentions
(spellings being talked about) -> judge (the decision, with a reason for each kept candidate).
"""

from .judge import REACH, RULES, WINDOW, Context, Judging, Kept, judge

__all__ = ["REACH", "RULES", "WINDOW", "Context", "Judging", "Kept", "judge"]
