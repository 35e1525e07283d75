"""A signed-in admin over HTTP, as a browser is: cookies, the CSRF token, and change forms posted with the
values the page holds (the tests change a few)."""

import http.cookiejar
import secrets
import urllib.error
import urllib.request
from html.parser import HTMLParser


class FormFields(HTMLParser):
    """The fields a browser would send from the form with `form_id`: [(name, value)], as the page fills them."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self._select = self._textarea = None
        self._first_option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        kind = attrs.get("type", "text")
        if tag == "input" and name and kind not in {"file", "submit", "button", "image", "reset"}:
            if kind not in {"checkbox", "radio"}:
                self.fields.append((name, attrs.get("value") or ""))
            elif "checked" in attrs:
                self.fields.append((name, attrs.get("value") or "on"))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in attrs, "chosen": False}
            self._first_option = None
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in attrs:
                self.fields.append((self._select["name"], value))
                self._select["chosen"] = True

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self.fields.append((name, text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            # A single select with nothing marked sends its first option.
            if not self._select["chosen"] and not self._select["multiple"] and self._first_option is not None:
                self.fields.append((self._select["name"], self._first_option))
            self._select = None


def form_fields(html, form_id):
    parser = FormFields(form_id)
    parser.feed(html)
    return parser.fields


def multipart(fields, files):
    """(body, content type) of a multipart/form-data post: `fields` [(name, value)], `files` {name: (filename,
    content type, bytes)}."""
    boundary = secrets.token_hex(16)
    parts = []
    for name, value in fields:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content_type, data) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Response:
    def __init__(self, status, url, text):
        self.status, self.url, self.text = status, url, text


class AdminSession:
    """An admin signed in on one server (`base`, e.g. http://127.0.0.1:8941) in English."""

    def __init__(self, base, host=None):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.headers = {"Accept-Language": "en"} | ({"Host": host} if host else {})

    def request(self, path, data=None, content_type=None):
        headers = self.headers | ({"Content-Type": content_type} if content_type else {})
        if data is not None:
            headers["Referer"] = self.base + path  # Django's CSRF check wants one over HTTPS; harmless here
        request = urllib.request.Request(self.base + path, data=data, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                return Response(response.status, response.url, response.read().decode())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.url, error.read().decode(errors="replace"))

    def get(self, path):
        return self.request(path)

    def csrf_token(self):
        return next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")

    def log_in(self, login_path, username, password):
        page = self.get(login_path)
        fields = dict(form_fields(page.text, "login-form")) | {"username": username, "password": password}
        body, content_type = multipart(list(fields.items()), {})
        response = self.request(login_path, body, content_type)
        assert response.status == 200 and "login-form" not in response.text, f"could not sign in: {response.status}"

    def post_form(self, path, form_id, changes, files=None):
        """Open the form at `path` and post it back with `changes` {name: value} and `files`; follows the redirect
        of a successful save."""
        fields = [(name, value) for name, value in form_fields(self.get(path).text, form_id) if name not in changes]
        fields += list(changes.items())
        body, content_type = multipart(fields, files or {})
        return self.request(path, body, content_type)
