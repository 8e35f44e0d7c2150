"""Repository-wide pytest set-up, loaded before anything is collected (tests/ and book/ alike).

Kernels started by nbval inherit this process's environment, so anything set here reaches the
book's notebooks too.
"""

import os
import tempfile

import pytest

# Progress written by exercises during a test run goes to a throwaway folder, never to the
# user's real Jupyter data directory.
os.environ.setdefault("VCBOOK_DATA_DIR", tempfile.mkdtemp(prefix="vcbook-test-data-"))
# A global Agg backend leaks into kernels and removes inline figures (see CONTRIBUTING.md).
os.environ.pop("MPLBACKEND", None)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so a fixture can tell that its test failed
    (the browser tests save a screenshot then)."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
