"""A JSON serialisation that loses nothing, for backups.

Django's JSON encoder rounds times to milliseconds, and its XML deserialiser
strips the whitespace around every value (a report's text ending in a new
line would come back without it). This is Django's JSON serialiser with times
written to the microsecond; Django's own JSON deserialiser reads it.
Registered as the "exact_json" format (settings.SERIALIZATION_MODULES).
"""

import datetime

from django.core.serializers.json import Deserializer as JSONDeserializer
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            return o.isoformat()  # keeps the microseconds DjangoJSONEncoder drops
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactEncoder


Deserializer = JSONDeserializer
