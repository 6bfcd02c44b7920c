"""Virtual phones from Python: a person's phone on a number, driven through the simulator's control API
(/__sim/phones/{number}/...). Requests go through twilio-python's own HTTP client with the account's credentials.
On the virtual clock each wait returns as soon as the simulator has moved time far enough; a failed expectation
raises AssertionError carrying the simulator's account of what did happen."""
import json
import re
from urllib.parse import quote

from twilio.http.http_client import TwilioHttpClient


class VirtualPhones:
    def __init__(self, url, account_sid, auth_token):
        self._url = url.rstrip("/")
        self._auth = (account_sid, auth_token)
        self._http = TwilioHttpClient()

    def phone(self, number):
        return Phone(self, number)

    def _send(self, method, path, body=None):
        response = self._http.request(
            method,
            self._url + path,
            data=None if body is None else json.dumps({k: v for k, v in body.items() if v is not None}),
            headers=None if body is None else {"Content-Type": "application/json"},
            auth=self._auth,
        )
        payload = json.loads(response.text) if response.text else None
        if response.status_code in (408, 409):
            raise AssertionError(payload["message"])
        if response.status_code >= 400:
            raise ValueError("%s %s: %s" % (response.status_code, path, payload and payload.get("message")))
        return payload


def _matcher(matching):
    """Text is found anywhere, ignoring case; a compiled pattern travels as its source (and IGNORECASE)."""
    if matching is None:
        return {}
    if isinstance(matching, re.Pattern):
        return {"pattern": matching.pattern, "ignoreCase": bool(matching.flags & re.IGNORECASE)}
    return {"matching": matching}


class Phone:
    def __init__(self, phones, number):
        self._phones = phones
        self.number = number
        self._base = "/__sim/phones/" + quote(number, safe="")

    def expect_sms(self, matching=None, from_=None, timeout_ms=None):
        """The next text that matches; its dict has body, from, groups (a pattern's groups), ..."""
        body = {"from": from_, "timeoutMs": timeout_ms, **_matcher(matching)}
        return self._phones._send("POST", self._base + "/expect-sms", body)

    def reply(self, sms, body):
        return self._phones._send("POST", self._base + "/reply", {"messageSid": sms["sid"], "body": body})

    def send_sms(self, to, body):
        return self._phones._send("POST", self._base + "/send-sms", {"to": to, "body": body})

    def expect_call(self, from_=None, timeout_ms=None):
        call = self._phones._send("POST", self._base + "/expect-call", {"from": from_, "timeoutMs": timeout_ms})
        return Call(self, call)

    def dial(self, to):
        return Call(self, self._phones._send("POST", self._base + "/dial", {"to": to}))

    def history(self):
        return self._phones._send("GET", self._base + "/history")["history"]

    def assert_no_unexpected(self):
        unexpected = self._phones._send("GET", self._base + "/unexpected")["unexpected"]
        assert not unexpected, "%s got what no expectation claimed: %s" % (self.number, unexpected)


class Call:
    def __init__(self, phone, call):
        self._phone = phone
        self.sid = call["sid"]
        self.from_ = call["from"]
        self._base = phone._base + "/calls/" + self.sid

    def _post(self, action, body=None):
        return self._phone._phones._send("POST", self._base + "/" + action, body or {})

    def answer(self):
        self._post("answer")

    def reject(self):
        self._post("reject")

    def busy(self):
        self._post("busy")

    def ignore(self):
        self._post("ignore")

    def hang_up(self):
        self._post("hang-up")

    def expect_say(self, matching, timeout_ms=None):
        return self._post("expect-say", {"timeoutMs": timeout_ms, **_matcher(matching)})

    def press(self, digits):
        self._post("press", {"digits": digits})

    def say(self, speech, confidence=None):
        self._post("say", {"speech": speech, "confidence": confidence})

    def wait_for_hangup(self, timeout_ms=None):
        return self._post("wait-for-hangup", {"timeoutMs": timeout_ms})["status"]
