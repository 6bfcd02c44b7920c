"""The example app's OTP and IVR flows, written in Python: virtual phones (virtual_phones.py) for the person, and
twilio-python's REST client, pointed at the simulator, to read back what Twilio would show. Prints one JSON
document of what happened and how long each flow took, for test/phones/python-conversations.test.ts.
Usage: conversations.py SIMULATOR_URL ACCOUNT_SID AUTH_TOKEN APP_URL APP_NUMBER"""
import json
import re
import sys
import time
import urllib.request

from twilio.rest import Client

from to_simulator import ToSimulator
from virtual_phones import VirtualPhones


def post(url, body):
    request = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


def otp(phones, app_url, app_number):
    alice = phones.phone("+61491570103")
    post(app_url + "/login", {"phone": alice.number})

    code = alice.expect_sms(from_=app_number, matching=re.compile(r"code is (\d{6})"))
    alice.reply(code, code["groups"][1])
    welcome = alice.expect_sms(matching="verified")

    alice.assert_no_unexpected()
    return {"welcome": welcome["body"]}


def ivr(phones, client, app_url, app_number):
    bob = phones.phone("+61491570104")
    post(app_url + "/remind", {"phone": bob.number})

    call = bob.expect_call(from_=app_number)
    call.answer()
    call.expect_say("Press 1 to confirm")
    call.press("1")
    confirmed = call.expect_say("confirmed")
    status = call.wait_for_hangup()

    try:
        call.press("1")
        late_press = None
    except AssertionError as failure:
        late_press = str(failure)
    fetched = client.calls(call.sid).fetch()
    return {"heard": confirmed["text"], "status": status, "late_press": late_press, "rest_status": fetched.status}


def timed(flow):
    started = time.monotonic()
    result = flow()
    result["ms"] = round((time.monotonic() - started) * 1000)
    return result


def main():
    sim_url, account_sid, auth_token, app_url, app_number = sys.argv[1:6]
    phones = VirtualPhones(sim_url, account_sid, auth_token)
    client = Client(account_sid, auth_token, http_client=ToSimulator(sim_url))
    print(json.dumps({
        "otp": timed(lambda: otp(phones, app_url, app_number)),
        "ivr": timed(lambda: ivr(phones, client, app_url, app_number)),
    }))


if __name__ == "__main__":
    main()
