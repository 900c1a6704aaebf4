# Read by gunicorn from the working directory (make run, the tests' servers), in the master before
# any worker starts: its own error responses are JSON like the app's, and the workers' metrics go
# to one directory so that any worker's /metrics reports the whole service.
import os
import shutil
import tempfile

if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    # A directory of this server's own: files left by an earlier run would be counted again.
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="qa-metrics-")
    _own_metrics_dir = os.environ["PROMETHEUS_MULTIPROC_DIR"]
else:
    _own_metrics_dir = None

# After the variable: prometheus_client reads it when first imported (here, through the service).
from service.server_errors import install  # noqa: E402

install()


def child_exit(server, worker):
    # A dead worker's gauges stop counting; its counters stay in the sums.
    from prometheus_client import multiprocess
    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if _own_metrics_dir:
        shutil.rmtree(_own_metrics_dir, ignore_errors=True)
