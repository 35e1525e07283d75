# Kazakh formats, which Django does not ship: day-month-year dates and grouped numbers,
# as Kazakh official sites write them (e.g. "29 қыркүйек 2025 ж.", "1 000 000").
DATE_FORMAT = r"j E Y \ж."
YEAR_MONTH_FORMAT = r"F Y \ж."
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = r"j E Y \ж. H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
