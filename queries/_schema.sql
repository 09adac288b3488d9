-- purpose: the tables of a prizestats database (data-contract.md); run once by db.write_database
-- grain: one statement per table
create table editions (
    edition integer primary key,
    year integer not null,
    call_opens_at timestamptz,
    call_closes_at timestamptz,
    finalists_announced_at timestamptz,
    ceremony_at timestamptz,
    venue varchar,
    note varchar
);

create table submissions (
    submission_id varchar not null,
    edition integer not null,
    submitted_at timestamptz not null,
    applicant_type varchar not null,
    applicant_name varchar,
    project_title varchar,
    category varchar not null,
    sector varchar,
    technologies varchar,
    city varchar,
    country varchar not null,
    stage varchar not null,
    screened_at timestamptz,
    finalist_at timestamptz,
    award varchar,
    wego_member boolean,
    primary key (edition, submission_id)
);

create table countries (
    iso3 varchar primary key,
    iso2 varchar,
    numeric varchar,
    name_en varchar not null,
    name_ko varchar not null,
    region varchar not null,
    region6 varchar not null
);

create table cities (
    city varchar not null,
    country varchar not null,
    latitude double,
    longitude double,
    primary key (city, country)
);

create table imports (
    import_id integer,
    file_name varchar,
    sha256 varchar,
    rows_read integer,
    rows_accepted integer,
    rows_rejected integer,
    editions_replaced varchar,
    diff json,
    started_at timestamptz,
    finished_at timestamptz,
    -- why the data changed (required when a public figure moves: store/releases.py)
    reason varchar,
    -- the moment of the release by the clock the embargo reads (access.now): the moment each
    -- figure of release_figures was public or not at
    released_at timestamptz
);

-- The figures of each release (one import_id of imports): every figure of the editions the
-- change touched, at the release's moment, after the change and just before it (previous_*,
-- null for a new database or figure), each with whether the public could read it then. A
-- figure whose value the change moved is a revision (revisions.sql); a public one when it was
-- public before and after. Written with the change, in the same new file.
create table release_figures (
    import_id integer not null,
    edition integer not null,
    metric varchar not null,
    -- '' for a figure without one (a headline figure)
    dimension varchar not null,
    value double not null,
    public boolean not null,
    previous_value double,
    previous_public boolean
);

create table published_figures (
    edition integer not null,
    year integer not null,
    metric varchar not null,
    dimension varchar,
    value double not null,
    unit varchar not null,
    published_on date,
    -- the moment of release when its hour is known; else public from the end of published_on
    published_at timestamptz,
    source_url varchar,
    note varchar
);

create table meta (
    key varchar primary key,
    value varchar
);

-- what organisers did during a call (a webinar, a mailing, a deadline extension), drawn on the
-- Intake page's charts; a private event is for organisers only (queries/events.sql)
create table events (
    event_id integer primary key,
    edition integer not null,
    event_at timestamptz not null,
    kind varchar not null,
    text_en varchar not null,
    text_ko varchar,
    public boolean not null
);

-- what should be watched while an edition's call is open (prizestats/figures/signals.py): one
-- row per edition; a null condition is not watched
create table alerts (
    edition integer primary key,
    pace_below double,
    against integer,
    missing_regions boolean not null,
    quiet_days integer
);
