"""Stand-ins for dbt's cross-database macros so sqlfluff's jinja templater can render models.

Only used by `sqlfluff lint`; dbt itself uses its own macros.
"""


def split_part(string_text, delimiter_text, part_number):
    return f"split_part({string_text}, {delimiter_text}, {part_number})"


def hash(field):  # noqa: A001 - mirrors dbt.hash
    return f"md5(cast({field} as varchar))"


def concat(fields):
    return "concat(" + ", ".join(fields) + ")"


def type_string():
    return "varchar"
