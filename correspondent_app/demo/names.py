"""Names of the people who came to the counters in 2005, in passport (Latin) and Greek forms.

Each entry is (Latin as in the passport, Greek as the administration wrote it).
The mix follows the nationalities of agricultural workers then: Albanian
above all, then Bulgarian, Romanian, Georgian, Ukrainian, Pakistani,
Egyptian, Indian, Bangladeshi, Moldovan.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

SURNAMES: dict[str, list[tuple[str, str]]] = {
    "AL": [("HOXHA", "ΧΟΤΖΑ"), ("BERISHA", "ΜΠΕΡΙΣΑ"), ("SHEHU", "ΣΕΧΟΥ"), ("KOLA", "ΚΟΛΑ"), ("DOKA", "ΝΤΟΚΑ"),
           ("LEKA", "ΛΕΚΑ"), ("GJONI", "ΓΚΙΟΝΙ"), ("MUCA", "ΜΟΥΤΣΑ"), ("BALLA", "ΜΠΑΛΑ"), ("CELA", "ΤΣΕΛΑ"),
           ("DEMIRI", "ΝΤΕΜΙΡΙ"), ("KRASNIQI", "ΚΡΑΣΝΙΚΙ"), ("XHAFERI", "ΤΖΑΦΕΡΙ"), ("MEMA", "ΜΕΜΑ"),
           ("PRIFTI", "ΠΡΙΦΤΙ"), ("TOSKA", "ΤΟΣΚΑ"), ("ZENELI", "ΖΕΝΕΛΙ"), ("HALILI", "ΧΑΛΙΛΙ"),
           ("BRAHIMI", "ΜΠΡΑΧΙΜΙ"), ("QOSJA", "ΤΣΟΣΙΑ"), ("SHKURTI", "ΣΚΟΥΡΤΙ"), ("LLESHI", "ΛΕΣΙ")],
    "BG": [("IVANOV", "ΙΒΑΝΟΦ"), ("PETROV", "ΠΕΤΡΟΦ"), ("GEORGIEV", "ΓΚΕΟΡΓΚΙΕΦ"), ("DIMITROV", "ΝΤΙΜΙΤΡΟΦ"),
           ("STOYANOV", "ΣΤΟΓΙΑΝΟΦ"), ("TODOROVA", "ΤΟΝΤΟΡΟΒΑ"), ("NIKOLOVA", "ΝΙΚΟΛΟΒΑ"), ("ANGELOV", "ΑΝΓΚΕΛΟΦ")],
    "RO": [("POPESCU", "ΠΟΠΕΣΚΟΥ"), ("IONESCU", "ΙΟΝΕΣΚΟΥ"), ("POPA", "ΠΟΠΑ"), ("STAN", "ΣΤΑΝ"),
           ("DUMITRU", "ΝΤΟΥΜΙΤΡΟΥ"), ("CONSTANTIN", "ΚΩΝΣΤΑΝΤΙΝ")],
    "GE": [("BERIDZE", "ΜΠΕΡΙΤΖΕ"), ("KAPANADZE", "ΚΑΠΑΝΑΤΖΕ"), ("GELASHVILI", "ΓΚΕΛΑΣΒΙΛΙ"),
           ("MAISURADZE", "ΜΑΪΣΟΥΡΑΤΖΕ"), ("TSIKLAURI", "ΤΣΙΚΛΑΟΥΡΙ")],
    "UA": [("SHEVCHENKO", "ΣΕΒΤΣΕΝΚΟ"), ("KOVALENKO", "ΚΟΒΑΛΕΝΚΟ"), ("BONDARENKO", "ΜΠΟΝΤΑΡΕΝΚΟ"),
           ("MELNYK", "ΜΕΛΝΙΚ")],
    "PK": [("KHAN", "ΧΑΝ"), ("AHMED", "ΑΧΜΕΝΤ"), ("HUSSAIN", "ΧΟΥΣΕΪΝ"), ("IQBAL", "ΙΚΜΠΑΛ"), ("ASLAM", "ΑΣΛΑΜ")],
    "EG": [("MOHAMED", "ΜΟΧΑΜΕΝΤ"), ("IBRAHIM", "ΙΜΠΡΑΧΙΜ"), ("HASSAN", "ΧΑΣΑΝ"), ("ABDEL AZIZ", "ΑΜΠΝΤΕΛ ΑΖΙΖ"),
           ("MAHMOUD", "ΜΑΧΜΟΥΝΤ")],
    "IN": [("SINGH", "ΣΙΝΓΚ"), ("KUMAR", "ΚΟΥΜΑΡ"), ("SHARMA", "ΣΑΡΜΑ")],
    "BD": [("RAHMAN", "ΡΑΧΜΑΝ"), ("UDDIN", "ΟΥΝΤΙΝ"), ("ISLAM", "ΙΣΛΑΜ")],
    "MD": [("ROTARU", "ΡΟΤΑΡΟΥ"), ("CEBAN", "ΤΣΕΜΠΑΝ"), ("RUSU", "ΡΟΥΣΟΥ")],
}
GIVEN: dict[str, list[tuple[str, str]]] = {
    "AL": [("ARBEN", "ΑΡΜΠΕΝ"), ("GENTIAN", "ΓΚΕΝΤΙΑΝ"), ("ILIR", "ΙΛΙΡ"), ("BESNIK", "ΜΠΕΣΝΙΚ"), ("FATMIR", "ΦΑΤΜΙΡ"),
           ("EDMOND", "ΕΝΤΜΟΝΤ"), ("ALTIN", "ΑΛΤΙΝ"), ("DRITAN", "ΝΤΡΙΤΑΝ"), ("FLORA", "ΦΛΟΡΑ"), ("MIRELA", "ΜΙΡΕΛΑ"),
           ("LULZIM", "ΛΟΥΛΖΙΜ"), ("ARDIT", "ΑΡΝΤΙΤ"), ("ERION", "ΕΡΙΟΝ"), ("BLEDAR", "ΜΠΛΕΝΤΑΡ")],
    "BG": [("GEORGI", "ΓΚΕΟΡΓΚΙ"), ("IVAN", "ΙΒΑΝ"), ("DIMITAR", "ΝΤΙΜΙΤΑΡ"), ("MARIA", "ΜΑΡΙΑ"), ("PETYA", "ΠΕΤΙΑ")],
    "RO": [("ION", "ΙΟΝ"), ("VASILE", "ΒΑΣΙΛΕ"), ("GHEORGHE", "ΓΚΕΟΡΓΚΕ"), ("ELENA", "ΕΛΕΝΑ"), ("MIHAI", "ΜΙΧΑΪ")],
    "GE": [("GIORGI", "ΓΚΙΟΡΓΚΙ"), ("DAVIT", "ΝΤΑΒΙΤ"), ("NINO", "ΝΙΝΟ"), ("LEVAN", "ΛΕΒΑΝ")],
    "UA": [("OLEKSANDR", "ΟΛΕΞΑΝΤΡ"), ("OKSANA", "ΟΞΑΝΑ"), ("SERHIY", "ΣΕΡΧΙΙ"), ("NATALIYA", "ΝΑΤΑΛΙΑ")],
    "PK": [("MUHAMMAD", "ΜΟΥΧΑΜΑΝΤ"), ("ALI", "ΑΛΙ"), ("IMRAN", "ΙΜΡΑΝ"), ("TARIQ", "ΤΑΡΙΚ")],
    "EG": [("AHMED", "ΑΧΜΕΝΤ"), ("MOSTAFA", "ΜΟΣΤΑΦΑ"), ("KARIM", "ΚΑΡΙΜ"), ("SAYED", "ΣΑΓΙΕΝΤ")],
    "IN": [("RAJESH", "ΡΑΤΖΕΣ"), ("SUNIL", "ΣΟΥΝΙΛ"), ("HARPREET", "ΧΑΡΠΡΙΤ")],
    "BD": [("KARIM", "ΚΑΡΙΜ"), ("SHAHID", "ΣΑΧΙΝΤ"), ("JAMAL", "ΤΖΑΜΑΛ")],
    "MD": [("ION", "ΙΟΝ"), ("VICTOR", "ΒΙΚΤΟΡ"), ("TATIANA", "ΤΑΤΙΑΝΑ")],
}
#: Rough shares of the 2005 agricultural workforce by nationality.
WEIGHTS = {"AL": 60, "BG": 10, "RO": 7, "GE": 5, "UA": 4, "PK": 4, "EG": 4, "IN": 2, "BD": 2, "MD": 2}


@dataclass(frozen=True)
class SamplePerson:
    surname_lat: str
    name_lat: str
    surname_el: str
    name_el: str
    father_name: str
    birth_date: date
    nationality: str
    passport_no: str


def sample_persons(count: int, seed: int = 2005):
    """``count`` reproducible sample persons."""
    rng = random.Random(seed)
    countries = list(WEIGHTS)
    weights = list(WEIGHTS.values())
    first_birth = date(1950, 1, 1)
    for i in range(count):
        country = rng.choices(countries, weights)[0]
        surname = rng.choice(SURNAMES[country])
        given = rng.choice(GIVEN[country])
        father = rng.choice(GIVEN[country])
        yield SamplePerson(
            surname_lat=surname[0], name_lat=given[0], surname_el=surname[1].title(), name_el=given[1].title(),
            father_name=father[1].title(),
            birth_date=first_birth + timedelta(days=rng.randrange(365 * 37)),
            nationality=country,
            passport_no=f"{country}{rng.randrange(10**7):07d}{i % 100:02d}",
        )
