"""The held-out real notices (issue 9) as a regression guard: scores may rise, never silently fall.

Floors are the scores after the changes made while looking at batches 1-2; batch 3 was never used to change
a rule (its floor is its first-run score). See tests/notices/data/heldout/README.md.
"""

from pathlib import Path

import pytest

from tracker.notices.pipeline import parse_text
from tracker.notices.scoring import score_folder

HELDOUT = Path(__file__).parent / "data" / "heldout"
FLOORS = {"batch1": 0.97, "batch2": 0.90, "batch3": 0.70}


@pytest.mark.parametrize("batch", sorted(FLOORS))
def test_heldout_batch_does_not_fall_below_its_floor(batch):
    _, tot = score_folder(HELDOUT / batch, parse_text)
    assert tot["docs"] >= 10
    precision = tot["matched"] / tot["pred"] if tot["pred"] else 0.0
    recall = tot["matched"] / tot["gold"]
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    assert f1 >= FLOORS[batch] - 0.005, (batch, round(f1, 3))
    assert tot["due"] == tot["matched"]  # every deadline of a found task is right
