"""`in` on integer columns that leaves out numbers the column cannot hold.

Django turns an out-of-range number in an exact or range lookup into "no match"; an `in`
lookup sends it to the database, and SQLite overflows on one past 64 bits (a tampered id in an
admin form, say). No row has such an id, so dropping it changes no result.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            try:
                internal = self.lhs.output_field.get_internal_type()
                low, high = connection.ops.integer_field_range(internal)
            except (AttributeError, KeyError):
                low = high = None
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def register():
    """Called once from EditorialConfig.ready()."""
    IntegerField.register_lookup(IntegerIn)
