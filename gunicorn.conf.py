# Read by gunicorn from the working directory (make run, the tests' servers): its own error
# responses are JSON like the app's.
from service.server_errors import install

install()
