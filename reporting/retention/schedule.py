"""The retention schedule the service starts from (gallringsplan): the record classes and the
service-wide rule of each. Plain data, read by the migration that creates the tables and by
`retention_schedule_ensure()`; a county's coordinator sets the county's own rules on top."""

# (code, scope, name, description, service-wide years kept; None: kept for ever)
RECORD_CLASSES: tuple[tuple[str, str, str, str, int | None], ...] = (
    (
        "draft",
        "county",
        "Utkast som aldrig lämnats in",
        "Ansökningar i status utkast, räknat från när de senast ändrades. Med dem gallras "
        "deras budgetrader, bilagor och ändringshistorik.",
        2,
    ),
    (
        "withdrawn",
        "county",
        "Återkallade ansökningar",
        "Ansökningar som sökanden återkallat, räknat från återkallelsen. Ett ärende som "
        "diarieförts eller har en tjänsteanteckning behålls så länge diariet pekar på det.",
        2,
    ),
    (
        "attachment",
        "county",
        "Bilagor till ansökningar som inte lämnats in eller återkallats",
        "Uppladdade filer till utkast och återkallade ansökningar, räknat från uppladdningen. "
        "Filen tas bort ur lagringen.",
        2,
    ),
    (
        "reminder",
        "county",
        "Skickade påminnelser",
        "Påminnelser om tidsfrister som har skickats, räknat från när de skickades.",
        1,
    ),
    (
        "email",
        "county",
        "Levererad utgående e-post",
        "E-post som e-postservern tagit emot, med dess sändningsförsök, räknat från när den "
        "skickades. E-post som ett massutskick eller en sammanfattning pekar på behålls.",
        2,
    ),
    (
        "login",
        "service",
        "Inloggningsuppgifter",
        "Loggen över inloggningar och misslyckade inloggningsförsök, räknat från försöket.",
        1,
    ),
    (
        "export",
        "service",
        "Färdiga exportjobb",
        "Exporter som är klara eller misslyckades, med sina filer, räknat från när de blev klara.",
        1,
    ),
    (
        "decided",
        "county",
        "Beslutade ärenden",
        "Ansökningar som beslutats, med beslut, bidrag och upprättade handlingar. Bevaras "
        "alltid och gallras aldrig.",
        None,
    ),
)

# Classes that no run may ever touch, whatever a rule says.
NEVER_DISPOSED = frozenset({"decided"})
