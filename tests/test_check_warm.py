"""The check's warm-up (``validation._warm``) loads, in the checking process, what the rules load
on first use, so forked workers inherit it instead of each loading it again."""

from app import validation
from app.rules import make_context, presence


def test_the_warm_up_loads_the_place_and_time_data():
    loaders = (presence._words, presence._gazetteer, presence._events)
    for f in loaders:
        f.cache_clear()
    validation._warm(make_context())
    # A gallery caption that names no place or time reaches these; a worker would load them itself.
    assert [f.cache_info().currsize for f in loaders] == [1, 1, 1]
