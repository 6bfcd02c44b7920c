"""The official twilio-python SDK (Debian's python3-twilio), unmodified, pointed at the simulator through its
documented http_client option. Prints one JSON document of what it saw, for test/e2e/python-client.test.ts."""
import json
import sys

from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from to_simulator import ToSimulator


def main():
    base_url, account_sid, auth_token = sys.argv[1:4]
    client = Client(account_sid, auth_token, http_client=ToSimulator(base_url))
    created = [
        client.messages.create(from_="+61491570156", to="+6149157012%d" % i, body="from python %d" % i)
        for i in range(3)
    ]
    fetched = client.messages(created[0].sid).fetch()
    listed = [m.sid for m in client.messages.stream(page_size=2)]
    try:
        client.messages.create(from_="+61491570156", to="+15005550001", body="magic")
        error = None
    except TwilioRestException as e:
        error = {"status": e.status, "code": e.code}
    print(json.dumps({
        "created": [{"sid": m.sid, "status": m.status, "num_segments": m.num_segments} for m in created],
        "fetched": {"sid": fetched.sid, "body": fetched.body, "date_created": fetched.date_created.isoformat()},
        "listed": listed,
        "error": error,
    }))


if __name__ == "__main__":
    main()
