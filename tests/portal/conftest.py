import pytest

from tests.factories import careers_reference_restore


@pytest.fixture(autouse=True)
def _careers_reference(request):
    """The shipped occupations (see tests/careers/conftest.py)."""
    if request.node.get_closest_marker("django_db"):
        careers_reference_restore()
