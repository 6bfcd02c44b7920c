"""twilio-python (Debian's python3-twilio), unmodified, placing calls on the simulator: inline TwiML as a string and
as a VoiceResponse object, plus one of the magic test numbers. Prints one JSON document for
test/e2e/calls-python.test.ts."""
import json
import sys

from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client
from twilio.twiml.voice_response import VoiceResponse

from to_simulator import ToSimulator


def main():
    base_url, account_sid, auth_token, status_url = sys.argv[1:5]
    client = Client(account_sid, auth_token, http_client=ToSimulator(base_url))
    as_string = client.calls.create(
        from_="+61491570156",
        to="+61491570101",
        twiml="<Response><Say>From a string</Say></Response>",
        status_callback=status_url,
        status_callback_event=["initiated", "ringing", "answered", "completed"],
    )
    response = VoiceResponse()
    response.say("From an object")
    response.hangup()
    as_object = client.calls.create(from_="+61491570157", to="+61491570102", twiml=response)
    try:
        client.calls.create(from_="+15005550006", to="+15005550004", twiml="<Response/>")
        error = None
    except TwilioRestException as e:
        error = {"status": e.status, "code": e.code}
    print(json.dumps({
        "string": {"sid": as_string.sid, "status": as_string.status, "direction": as_string.direction},
        "object": {"sid": as_object.sid, "status": as_object.status, "queue_time": as_object.queue_time},
        "error": error,
    }))


if __name__ == "__main__":
    main()
