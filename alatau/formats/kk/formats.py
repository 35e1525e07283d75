# Kazakh formats, which Django does not ship. Official Kazakh puts the year first and writes month names in
# lower case: "2026 жылғы 19 ақпан", "2026 жылғы наурыз". Django's own Kazakh catalogue capitalises the
# month names; locale/kk overrides them (the project's catalogue comes first), see alatau/months.py.
DATE_FORMAT = "Y жылғы j E"
YEAR_MONTH_FORMAT = "Y жылғы F"
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "Y жылғы j E, H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\u202f"  # a narrow no-break space: "4 000"
NUMBER_GROUPING = 3
