"""twilio-python's documented http_client hook, pointed at the simulator: every https://*.twilio.com URL the SDK
builds is sent to the simulator's base URL instead. The SDK itself stays unmodified."""
import re

from twilio.http.http_client import TwilioHttpClient


class ToSimulator(TwilioHttpClient):
    def __init__(self, base_url):
        super().__init__()
        self.base_url = base_url

    def request(self, method, url, *args, **kwargs):
        return super().request(method, re.sub(r"^https://[^/]+\.twilio\.com", self.base_url, url), *args, **kwargs)
