"""Per-step learning-rate schedules against their formulas, written out here."""

import math
from itertools import pairwise

import numpy as np
import pytest

from sklearn_mlp_np._schedules import SCHEDULES, StepSchedule, make_schedule

INITIAL = 1 / 25  # OneCycleLR's max_lr / div_factor, with max_lr = 1
FINAL = INITIAL / 1e4  # initial_lr / final_div_factor


def factors(schedule: StepSchedule) -> list[float]:
    return [schedule.factor(s) for s in range(schedule.total_steps)]


def cosine_reference(s, T, f):
    # Goyal et al.'s linear warmup over int(f T) steps, then SGDR's half cosine.
    W = int(f * T)
    if s < W:
        return (s + 1) / W
    return (1 + math.cos(math.pi * (s - W) / (T - W))) / 2


def one_cycle_reference(s, T, f):
    # torch.optim.lr_scheduler.OneCycleLR.get_lr, two phases, 'cos', lr only.
    def annealing_cos(start, end, pct):
        return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)

    phases = [
        (float(f * T) - 1, INITIAL, 1.0),
        (T - 1, 1.0, FINAL),
    ]
    start_step = 0.0
    for i, (end_step, start_lr, end_lr) in enumerate(phases):
        if s <= end_step or i == len(phases) - 1:
            pct = (s - start_step) / (end_step - start_step)
            return annealing_cos(start_lr, end_lr, pct)
        start_step = end_step


def multi_cycle_reference(s, T, f):
    # Holzmueller et al.'s coslog4 of the fraction done, after the warmup.
    W = int(f * T)
    if s < W:
        return (s + 1) / W
    t = (s - W) / (T - W)
    return 0.5 - 0.5 * math.cos(2 * math.pi * math.log2(1 + 15 * t))


def test_registry_holds_the_three_schedules():
    assert set(SCHEDULES) == {"cosine", "one_cycle", "multi_cycle"}


# --- cosine ------------------------------------------------------------------


@pytest.mark.parametrize("T", [1, 2, 3, 7, 10, 100, 1000])
@pytest.mark.parametrize("f", [0.0, 0.1, 0.25, 0.3, 0.5, 0.9])
def test_cosine_matches_its_formula_at_every_step(T, f):
    schedule = make_schedule("cosine", T, f)
    expected = [cosine_reference(s, T, f) for s in range(T)]
    np.testing.assert_allclose(factors(schedule), expected, rtol=1e-12, atol=0)


def test_cosine_by_hand():
    # T = 4, two warmup steps: 1/2, 1, then cos over 2 steps: 1, (1 + 0) / 2.
    assert factors(make_schedule("cosine", 4, 0.5)) == pytest.approx(
        [0.5, 1.0, 1.0, 0.5], abs=1e-15
    )
    # int(0.25 * 7) = 1 warmup step (rounding would give 2).
    got = factors(make_schedule("cosine", 7, 0.25))
    assert got[0] == 1.0 and got[1] == 1.0
    assert got[2] == pytest.approx((1 + math.cos(math.pi / 6)) / 2, rel=1e-14)


def test_cosine_without_warmup_is_its_default():
    assert make_schedule("cosine", 50, None) == make_schedule("cosine", 50, 0.0)
    got = factors(make_schedule("cosine", 50, None))
    assert got[0] == 1.0
    assert got[25] == pytest.approx(0.5, abs=1e-15)  # cos(pi / 2) = 0


@pytest.mark.parametrize("T", [2, 10, 100, 1000])
@pytest.mark.parametrize("f", [0.0, 0.1, 0.3, 0.5])
def test_cosine_shape(T, f):
    got = np.array(factors(make_schedule("cosine", T, f)))
    W = int(f * T)
    assert got[W] == 1.0  # the first step after warmup
    assert np.all(got > 0) and np.all(got <= 1)
    assert np.all(np.diff(got[:W]) > 0)  # rising during warmup
    if W:
        assert got[0] == pytest.approx(1 / W) and got[W - 1] == 1.0
    assert np.all(np.diff(got[W:]) < 0)  # falling after it, never to 0
    assert got[-1] <= (math.pi / (2 * (T - W))) ** 2  # sin^2(pi / 2(T - W))


# --- one_cycle ---------------------------------------------------------------


@pytest.mark.parametrize("T", [10, 100, 1000])
@pytest.mark.parametrize("f", [0.3, 0.25])
def test_one_cycle_matches_pytorch_at_every_step(T, f):
    schedule = make_schedule("one_cycle", T, f)
    expected = [one_cycle_reference(s, T, f) for s in range(T)]
    np.testing.assert_allclose(factors(schedule), expected, rtol=1e-12, atol=0)


def test_one_cycle_by_hand():
    # T = 10: peak at step 0.3 * 10 - 1 = 2, halfway up at step 1:
    # 1 + (1/25 - 1) / 2 = 0.52; halfway down at step 2 + 7 / 2.
    got = factors(make_schedule("one_cycle", 10, 0.3))
    assert got[:3] == pytest.approx([0.04, 0.52, 1.0], rel=1e-14)
    assert got[9] == pytest.approx(4e-6, rel=1e-12)
    # The falling phase is measured from the float peak step u = 1.5.
    got = factors(make_schedule("one_cycle", 10, 0.25))
    assert got[1] == pytest.approx(0.04 + 0.96 * (1 - math.cos(math.pi / 1.5)) / 2)
    assert got[2] == pytest.approx(4e-6 + (1 - 4e-6) * (1 + math.cos(math.pi / 15)) / 2)


def test_one_cycle_default_warmup_is_pytorchs_pct_start():
    assert make_schedule("one_cycle", 100, None) == make_schedule("one_cycle", 100, 0.3)


@pytest.mark.parametrize("T", [10, 100, 1000])
def test_one_cycle_landmarks(T):
    got = np.array(factors(make_schedule("one_cycle", T, None)))
    assert got[0] == pytest.approx(1 / 25, rel=1e-12)
    peak = round(0.3 * T - 1)
    assert int(np.argmax(got)) == peak
    assert got[peak] == pytest.approx(1.0, rel=1e-12)
    assert got[-1] == pytest.approx(1 / 25 / 1e4, rel=1e-9)
    assert np.all(np.diff(got[: peak + 1]) > 0)
    assert np.all(np.diff(got[peak:]) < 0)


def test_one_cycle_degenerate_peaks():
    # 0.1 * 10 - 1 == 0: PyTorch divides 0 by 0; here step 0 is the peak.
    got = factors(make_schedule("one_cycle", 10, 0.1))
    assert got[0] == 1.0
    expected = [one_cycle_reference(s, 10, 0.1) for s in range(1, 10)]
    np.testing.assert_allclose(got[1:], expected, rtol=1e-12)
    assert np.all(np.diff(got) < 0)
    # 0.3 * 2 - 1 < 0: no rising phase, step 0 is already past the virtual peak.
    for T, f in [(2, 0.3), (3, 0.0), (100, 0.0), (1, 0.5)]:
        got = factors(make_schedule("one_cycle", T, f))
        expected = [one_cycle_reference(s, T, f) for s in range(T)]
        np.testing.assert_allclose(got, expected, rtol=1e-12)
    assert make_schedule("one_cycle", 1, None).factor(0) == pytest.approx(FINAL)


# --- both --------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SCHEDULES))
@pytest.mark.parametrize("T", [1, 2])
@pytest.mark.parametrize("f", [None, 0.0, 0.3, 0.5, 0.9])
def test_tiny_totals(name, T, f):
    got = factors(make_schedule(name, T, f))
    assert len(got) == T
    assert all(math.isfinite(x) and 0 <= x <= 1 for x in got)


@pytest.mark.parametrize("name", sorted(SCHEDULES))
@pytest.mark.parametrize("T", [1, 2, 10, 37])
def test_steps_past_the_end_keep_the_end_value(name, T):
    schedule = make_schedule(name, T, None)
    end = schedule.factor(T - 1)
    for step in (T, T + 1, 10 * T, 10**12):
        assert schedule.factor(step) == end


@pytest.mark.parametrize("name", sorted(SCHEDULES))
def test_negative_step_raises(name):
    schedule = make_schedule(name, 10, None)
    for step in (-1, -10):
        with pytest.raises(ValueError, match="step"):
            schedule.factor(step)


@pytest.mark.parametrize("name", sorted(SCHEDULES))
@pytest.mark.parametrize("value", [-0.1, 1.0, 1, 1.5, float("nan"), "0.3", True])
def test_bad_warmup_fraction_raises(name, value):
    message = rf"warmup_fraction={value!r}.*\[0, 1\)"
    with pytest.raises(ValueError, match=message):
        make_schedule(name, 10, value)


@pytest.mark.parametrize("total_steps", [0, -3, 2.0, True, None])
def test_bad_total_steps_raises(total_steps):
    with pytest.raises(ValueError, match="total_steps"):
        make_schedule("cosine", total_steps, None)


def test_unknown_name_raises():
    with pytest.raises(ValueError, match="one_cycle"):
        make_schedule("linear", 10, None)


@pytest.mark.parametrize("name", sorted(SCHEDULES))
def test_factors_are_python_floats(name):
    schedule = make_schedule(name, np.int64(20), np.float32(0.25))
    assert type(schedule.total_steps) is int
    for step in (0, np.int64(3), 19, 25):
        factor = schedule.factor(step)
        assert type(factor) is float
        assert (np.ones(3, dtype=np.float32) * factor).dtype == np.float32


# --- multi_cycle -------------------------------------------------------------


@pytest.mark.parametrize("T", [1, 2, 15, 100, 1000])
@pytest.mark.parametrize("f", [0.0, 0.1, 0.5])
def test_multi_cycle_matches_its_formula_at_every_step(T, f):
    schedule = make_schedule("multi_cycle", T, f)
    expected = [multi_cycle_reference(s, T, f) for s in range(T)]
    np.testing.assert_allclose(factors(schedule), expected, rtol=1e-12, atol=1e-15)


def test_multi_cycle_has_four_cycles_each_twice_as_long():
    # Over 15 * 2**4 steps without warmup, the factor is 0 where
    # 1 + 15 t = 2**k (a cycle starts) and 1 where it is 2**(k + 1/2).
    T = 15 * 16
    got = np.array(factors(make_schedule("multi_cycle", T, None)))
    starts = [16 * (2**k - 1) for k in range(4)]  # steps 0, 16, 48, 112
    np.testing.assert_allclose(got[starts], 0, atol=1e-15)
    assert np.all((got >= 0) & (got <= 1))
    peaks = [np.argmax(got[a:b]) + a for a, b in pairwise([*starts, T])]
    peak_fractions = np.array(peaks) / T
    expected = (2 ** (np.arange(4) + 0.5) - 1) / 15
    np.testing.assert_allclose(peak_fractions, expected, atol=1 / T)
    assert np.diff(starts).tolist() == [16, 32, 64]
    assert got[-1] < 0.01  # the last cycle ends near 0
