"""Checks a captured webhook with twilio-python's RequestValidator: a second, independent implementation of
Twilio's signature scheme. Reads JSON {token, url, params, signature} on stdin, prints true/false."""
import json
import sys

from twilio.request_validator import RequestValidator

captured = json.load(sys.stdin)
print(json.dumps(RequestValidator(captured["token"]).validate(captured["url"], captured["params"], captured["signature"])))
