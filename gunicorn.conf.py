"""gunicorn's settings for the portal; gunicorn reads this file when started in the project folder.

`make run` adds the address and the number of workers on the command line, which wins over this file.
"""

import os

# gunicorn 27 opens a control socket at one fixed path per user by default: a second server started on the
# same machine (another port, another checkout) would take it over from the first. The portal needs none.
control_socket_disable = True

# Threaded workers: a thread serves each request while the worker's main thread tells the master every second
# that the worker is alive. A sync worker tells it only between requests, so the master killed one streaming
# a download (the CSV of 100,000 projects) at `timeout`; with threads, `timeout` catches a hung worker only.
worker_class = "gthread"
threads = 4
workers = os.cpu_count() or 1  # one Python interpreter per core; the threads cover waits for the database
timeout = 30
# On a restart, how long a worker may finish the requests it has, such as a download under way.
graceful_timeout = 60
# Seconds an idle client connection stays open for its next request (the main thread holds it, not a thread).
keepalive = 5

# One line per request on standard output, where `make run` shows it and a service manager collects it.
accesslog = "-"
