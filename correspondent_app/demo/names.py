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

#: (Latin, Greek) surnames; Bulgarian ones also give the feminine form: (Latin, Greek, Latin f., Greek f.).
#: The Greek forms carry their accents as the administration writes them («Σέχου», not «Σεχου»).
SURNAMES: dict[str, list[tuple[str, ...]]] = {
    "AL": [("HOXHA", "Χότζα"), ("BERISHA", "Μπερίσα"), ("SHEHU", "Σέχου"), ("KOLA", "Κόλα"), ("DOKA", "Ντόκα"),
           ("LEKA", "Λέκα"), ("GJONI", "Γκιόνι"), ("MUCA", "Μούτσα"), ("BALLA", "Μπάλα"), ("CELA", "Τσέλα"),
           ("DEMIRI", "Ντεμίρι"), ("KRASNIQI", "Κρασνίκι"), ("XHAFERI", "Τζαφέρι"), ("MEMA", "Μέμα"),
           ("PRIFTI", "Πρίφτι"), ("TOSKA", "Τόσκα"), ("ZENELI", "Ζενέλι"), ("HALILI", "Χαλίλι"),
           ("BRAHIMI", "Μπραχίμι"), ("QOSJA", "Τσόσια"), ("SHKURTI", "Σκούρτι"), ("LLESHI", "Λέσι")],
    "BG": [("IVANOV", "Ιβάνοφ", "IVANOVA", "Ιβάνοβα"), ("PETROV", "Πετρόφ", "PETROVA", "Πετρόβα"),
           ("GEORGIEV", "Γκεοργκίεφ", "GEORGIEVA", "Γκεοργκίεβα"),
           ("DIMITROV", "Ντιμιτρόφ", "DIMITROVA", "Ντιμιτρόβα"),
           ("STOYANOV", "Στογιάνοφ", "STOYANOVA", "Στογιάνοβα"),
           ("TODOROV", "Τοντόροφ", "TODOROVA", "Τοντόροβα"), ("NIKOLOV", "Νικόλοφ", "NIKOLOVA", "Νικόλοβα"),
           ("ANGELOV", "Άνγκελοφ", "ANGELOVA", "Άνγκελοβα")],
    "RO": [("POPESCU", "Ποπέσκου"), ("IONESCU", "Ιονέσκου"), ("POPA", "Πόπα"), ("STAN", "Σταν"),
           ("DUMITRU", "Ντουμίτρου"), ("CONSTANTIN", "Κονσταντίν")],
    "GE": [("BERIDZE", "Μπερίτζε"), ("KAPANADZE", "Καπανάτζε"), ("GELASHVILI", "Γκελασβίλι"),
           ("MAISURADZE", "Μαϊσουράτζε"), ("TSIKLAURI", "Τσικλαούρι")],
    "UA": [("SHEVCHENKO", "Σεφτσένκο"), ("KOVALENKO", "Κοβαλένκο"), ("BONDARENKO", "Μπονταρένκο"),
           ("MELNYK", "Μέλνικ")],
    "PK": [("KHAN", "Χαν"), ("AHMED", "Αχμέντ"), ("HUSSAIN", "Χουσεΐν"), ("IQBAL", "Ικμπάλ"), ("ASLAM", "Ασλάμ")],
    "EG": [("MOHAMED", "Μοχάμεντ"), ("IBRAHIM", "Ιμπραήμ"), ("HASSAN", "Χασάν"), ("ABDEL AZIZ", "Αμπντέλ Αζίζ"),
           ("MAHMOUD", "Μαχμούντ")],
    "IN": [("SINGH", "Σινγκ"), ("KUMAR", "Κουμάρ"), ("SHARMA", "Σάρμα")],
    "BD": [("RAHMAN", "Ραχμάν"), ("UDDIN", "Ουντίν"), ("ISLAM", "Ισλάμ")],
    "MD": [("ROTARU", "Ροτάρου"), ("CEBAN", "Τσεμπάν"), ("RUSU", "Ρούσου")],
}
#: Men's given names: also the fathers' names.
MALE: dict[str, list[tuple[str, str]]] = {
    "AL": [("ARBEN", "Αρμπέν"), ("GENTIAN", "Γκεντιάν"), ("ILIR", "Ιλίρ"), ("BESNIK", "Μπεσνίκ"), ("FATMIR", "Φατμίρ"),
           ("EDMOND", "Έντμοντ"), ("ALTIN", "Αλτίν"), ("DRITAN", "Ντριτάν"), ("LULZIM", "Λουλζίμ"),
           ("ARDIT", "Αρντίτ"), ("ERION", "Εριόν"), ("BLEDAR", "Μπλεντάρ")],
    "BG": [("GEORGI", "Γκεόργκι"), ("IVAN", "Ιβάν"), ("DIMITAR", "Ντιμιτάρ")],
    "RO": [("ION", "Ιόν"), ("VASILE", "Βασίλε"), ("GHEORGHE", "Γκεόργκε"), ("MIHAI", "Μιχάι")],
    "GE": [("GIORGI", "Γκιόργκι"), ("DAVIT", "Νταβίτ"), ("LEVAN", "Λεβάν")],
    "UA": [("OLEKSANDR", "Ολεξάντρ"), ("SERHIY", "Σέρχιι")],
    "PK": [("MUHAMMAD", "Μουχαμάντ"), ("ALI", "Αλί"), ("IMRAN", "Ιμράν"), ("TARIQ", "Ταρίκ")],
    "EG": [("AHMED", "Αχμέντ"), ("MOSTAFA", "Μοστάφα"), ("KARIM", "Καρίμ"), ("SAYED", "Σαγιέντ")],
    "IN": [("RAJESH", "Ρατζές"), ("SUNIL", "Σουνίλ"), ("HARPREET", "Χαρπρίτ")],
    "BD": [("KARIM", "Καρίμ"), ("SHAHID", "Σαχίντ"), ("JAMAL", "Τζαμάλ")],
    "MD": [("ION", "Ιόν"), ("VICTOR", "Βίκτορ")],
}
FEMALE: dict[str, list[tuple[str, str]]] = {
    "AL": [("FLORA", "Φλόρα"), ("MIRELA", "Μιρέλα")],
    "BG": [("MARIA", "Μαρία"), ("PETYA", "Πέτια")],
    "RO": [("ELENA", "Ελένα")],
    "GE": [("NINO", "Νίνο")],
    "UA": [("OKSANA", "Οξάνα"), ("NATALIYA", "Ναταλία")],
    "MD": [("TATIANA", "Τατιάνα")],
}
#: Given names with their sex, in one list per country: one draw picks both.
GIVEN: dict[str, list[tuple[str, str, bool]]] = {
    country: [(lat, el, False) for lat, el in MALE[country]] + [(lat, el, True) for lat, el in FEMALE.get(country, [])]
    for country in MALE
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
        given_lat, given_el, female = rng.choice(GIVEN[country])
        father = rng.choice(MALE[country])  # a father's name is a man's name
        if female and len(surname) == 4:  # Bulgarian: Ivanov -> Ivanova
            surname = surname[2:]
        yield SamplePerson(
            surname_lat=surname[0], name_lat=given_lat, surname_el=surname[1], name_el=given_el,
            father_name=father[1],
            birth_date=first_birth + timedelta(days=rng.randrange(365 * 37)),
            nationality=country,
            passport_no=f"{country}{rng.randrange(10**7):07d}{i % 100:02d}",
        )
