"""gunicorn's settings for the portal; gunicorn reads this file when started in the project folder.

`make run` adds the address and the number of workers on the command line.
"""

# gunicorn 27 opens a control socket at one fixed path per user by default: a second server started on the
# same machine (another port, another checkout) would take it over from the first. The portal needs none.
control_socket_disable = True

# One line per request on standard output, where `make run` shows it and a service manager collects it.
accesslog = "-"
