"""Schema of the registry and its forward migrations.

The schema version is ``PRAGMA user_version``. ``MIGRATIONS[i]`` takes a file
from version ``i`` to ``i + 1``; each runs in one transaction with the
version bump, after a backup of the file (see ``registry.backups``).

The rules that make this a legal record are enforced by SQLite itself, not
only by Python, so that no code path (or a hand-made SQL session) can break
them: a receipt code is UNIQUE; protocol numbers are gapless per year and
never change; issued certificates are never deleted and their issued fields
never change; the audit log is append-only.
"""

from __future__ import annotations

V1 = r"""
CREATE TABLE profile (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    uuid TEXT NOT NULL UNIQUE,            -- the installation: HQ tells villages apart by it
    community TEXT NOT NULL,              -- Κοινότητα / Δημοτικό Διαμέρισμα
    municipality TEXT NOT NULL DEFAULT '',
    prefecture TEXT NOT NULL DEFAULT '',
    correspondent_name TEXT NOT NULL DEFAULT '',
    oga_branch TEXT NOT NULL DEFAULT '',  -- OGA regional branch
    language TEXT NOT NULL DEFAULT 'el',
    demo INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE persons (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    surname_el TEXT NOT NULL DEFAULT '',
    name_el TEXT NOT NULL DEFAULT '',
    surname_lat TEXT NOT NULL DEFAULT '',
    name_lat TEXT NOT NULL DEFAULT '',
    father_name TEXT NOT NULL DEFAULT '',
    mother_name TEXT NOT NULL DEFAULT '',
    birth_date TEXT,                      -- ISO date
    birth_place TEXT NOT NULL DEFAULT '',
    nationality TEXT NOT NULL DEFAULT '', -- ISO 3166 alpha-2
    passport_no TEXT NOT NULL DEFAULT '',
    residence_doc TEXT NOT NULL DEFAULT 'none'
        CHECK (residence_doc IN ('permit', 'complete_dossier', 'incomplete_dossier', 'none')),
    residence_doc_no TEXT NOT NULL DEFAULT '',
    residence_valid_from TEXT,
    residence_valid_to TEXT,
    amka TEXT NOT NULL DEFAULT '',
    afm TEXT NOT NULL DEFAULT '',
    oga_no TEXT NOT NULL DEFAULT '',      -- OGA registry number
    address TEXT NOT NULL DEFAULT '',
    community TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    search_keys TEXT NOT NULL DEFAULT '', -- normalised name keys (domain.transliteration)
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (surname_el != '' OR surname_lat != '')
);
CREATE INDEX persons_passport ON persons (passport_no) WHERE passport_no != '';
CREATE INDEX persons_amka ON persons (amka) WHERE amka != '';
CREATE INDEX persons_oga_no ON persons (oga_no) WHERE oga_no != '';
CREATE INDEX persons_birth ON persons (birth_date);

-- Name search: an external-content FTS5 index over persons.search_keys,
-- kept in step by triggers (plain SQL, so any connection keeps it right).
CREATE VIRTUAL TABLE persons_fts USING fts5(
    search_keys, content='persons', content_rowid='id', tokenize='unicode61', prefix='2 3 4'
);
CREATE TRIGGER persons_fts_insert AFTER INSERT ON persons BEGIN
    INSERT INTO persons_fts (rowid, search_keys) VALUES (new.id, new.search_keys);
END;
CREATE TRIGGER persons_fts_delete AFTER DELETE ON persons BEGIN
    INSERT INTO persons_fts (persons_fts, rowid, search_keys) VALUES ('delete', old.id, old.search_keys);
END;
CREATE TRIGGER persons_fts_update AFTER UPDATE OF search_keys ON persons BEGIN
    INSERT INTO persons_fts (persons_fts, rowid, search_keys) VALUES ('delete', old.id, old.search_keys);
    INSERT INTO persons_fts (rowid, search_keys) VALUES (new.id, new.search_keys);
END;

CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    person_id INTEGER NOT NULL REFERENCES persons (id),
    programme TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'draft'
        CHECK (state IN ('draft', 'awaiting_payment', 'paid', 'issued', 'forwarded', 'archived', 'cancelled')),
    facts TEXT NOT NULL DEFAULT '{}',     -- JSON: the answers given
    outcome TEXT,                         -- certificate / other_insurer / ask_oga / not_oga
    category TEXT,
    provision TEXT,
    amount_cents INTEGER CHECK (amount_cents IS NULL OR amount_cents > 0),
    amount_source TEXT,                   -- fixed / hq_list / oga / manual
    amount_reference TEXT NOT NULL DEFAULT '',  -- HQ list or OGA instruction reference
    citations TEXT NOT NULL DEFAULT '[]', -- JSON list
    documents_received TEXT NOT NULL DEFAULT '[]',  -- JSON list of document ids
    warnings_given TEXT NOT NULL DEFAULT '[]',      -- JSON list of warning ids shown and acknowledged
    residence_proof TEXT NOT NULL DEFAULT '',       -- par. 11: the proof the applicant said they hold
    competent TEXT,                       -- registration / application / residence
    competent_here INTEGER,               -- 1 yes, 0 no, NULL unknown
    competence_note TEXT NOT NULL DEFAULT '',
    cancel_reason TEXT NOT NULL DEFAULT '',
    forwarded_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (state != 'cancelled' OR cancel_reason != '')
);
CREATE INDEX cases_person ON cases (person_id);
CREATE INDEX cases_state ON cases (state);

CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    case_id INTEGER NOT NULL UNIQUE REFERENCES cases (id),
    kind TEXT NOT NULL CHECK (kind IN ('ate', 'elta')),
    receipt_code TEXT UNIQUE,             -- canonical NNNN/DDMMYY/NNNNNN: one receipt, one case
    elta_reference TEXT NOT NULL DEFAULT '',
    paid_on TEXT NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    override_reason TEXT NOT NULL DEFAULT '',  -- why a different amount is accepted
    recorded_at TEXT NOT NULL,
    CHECK ((kind = 'ate') = (receipt_code IS NOT NULL))
);

CREATE TABLE protocol_start (
    year INTEGER PRIMARY KEY,
    first_number INTEGER NOT NULL CHECK (first_number >= 1),
    set_at TEXT NOT NULL
);
CREATE TABLE protocol (
    year INTEGER NOT NULL,
    number INTEGER NOT NULL,
    uuid TEXT NOT NULL UNIQUE,
    entry_date TEXT NOT NULL,
    kind TEXT NOT NULL,                   -- certificate / transmittal / export / other
    subject TEXT NOT NULL,
    person_id INTEGER REFERENCES persons (id),
    case_id INTEGER REFERENCES cases (id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (year, number)
);

CREATE TABLE certificates (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    payment_id INTEGER NOT NULL REFERENCES payments (id),
    model INTEGER NOT NULL,
    protocol_year INTEGER NOT NULL,
    protocol_no INTEGER NOT NULL,
    issued_on TEXT NOT NULL,
    verification_code TEXT NOT NULL UNIQUE,
    pdf BLOB,                             -- the exact bytes printed, for identical reprints
    pdf_sha256 TEXT,
    voided_at TEXT,
    void_reason TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (protocol_year, protocol_no),
    FOREIGN KEY (protocol_year, protocol_no) REFERENCES protocol (year, number),
    CHECK (voided_at IS NULL OR void_reason != '')
);
-- One valid certificate per case; a voided one keeps its number.
CREATE UNIQUE INDEX certificates_one_valid ON certificates (case_id) WHERE voided_at IS NULL;

CREATE TABLE certificate_prints (
    id INTEGER PRIMARY KEY,
    certificate_id INTEGER NOT NULL REFERENCES certificates (id),
    printed_at TEXT NOT NULL,
    copies INTEGER NOT NULL CHECK (copies > 0),
    reprint INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT ''
);

CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- sqlite_sequence then shows a deleted last entry
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_uuid TEXT NOT NULL DEFAULT '',
    before TEXT,                          -- JSON
    after TEXT,                           -- JSON
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);

CREATE TABLE hq_lists (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    reference TEXT NOT NULL,              -- HQ's reference for the list
    source TEXT NOT NULL,                 -- file name, or 'manual' for amounts typed from paper
    sha256 TEXT UNIQUE,                   -- of the file: the same list is not imported twice
    imported_at TEXT NOT NULL
);
CREATE TABLE hq_list_entries (
    id INTEGER PRIMARY KEY,
    list_id INTEGER NOT NULL REFERENCES hq_lists (id),
    line INTEGER,
    oga_no TEXT NOT NULL,
    surname TEXT NOT NULL,
    name TEXT NOT NULL,
    father_name TEXT NOT NULL DEFAULT '',
    birth_date TEXT,
    nationality TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('active', 'interrupted')),
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    person_id INTEGER REFERENCES persons (id)
);
CREATE INDEX hq_entries_oga_no ON hq_list_entries (oga_no);
CREATE INDEX hq_entries_person ON hq_list_entries (person_id);

-- The legal record defends itself ------------------------------------------
CREATE TRIGGER protocol_gapless BEFORE INSERT ON protocol BEGIN
    SELECT RAISE(ABORT, 'protocol numbers are gapless: not the next number of the year')
    WHERE new.number != COALESCE(
        (SELECT MAX(number) + 1 FROM protocol WHERE year = new.year),
        (SELECT first_number FROM protocol_start WHERE year = new.year),
        1);
END;
CREATE TRIGGER protocol_no_update BEFORE UPDATE ON protocol BEGIN
    SELECT RAISE(ABORT, 'protocol entries are never changed');
END;
CREATE TRIGGER protocol_no_delete BEFORE DELETE ON protocol BEGIN
    SELECT RAISE(ABORT, 'protocol entries are never deleted');
END;
CREATE TRIGGER protocol_start_once BEFORE INSERT ON protocol_start BEGIN
    SELECT RAISE(ABORT, 'the first number of a year is set before any number of that year is used')
    WHERE EXISTS (SELECT 1 FROM protocol WHERE year = new.year);
END;
CREATE TRIGGER protocol_start_no_update BEFORE UPDATE ON protocol_start BEGIN
    SELECT RAISE(ABORT, 'the first number of a year is set once');
END;
CREATE TRIGGER protocol_start_no_delete BEFORE DELETE ON protocol_start BEGIN
    SELECT RAISE(ABORT, 'the first number of a year is set once');
END;
CREATE TRIGGER certificates_no_delete BEFORE DELETE ON certificates BEGIN
    SELECT RAISE(ABORT, 'certificates are never deleted: void them with a reason');
END;
CREATE TRIGGER certificates_issued_fields BEFORE UPDATE ON certificates
WHEN new.uuid IS NOT old.uuid OR new.case_id IS NOT old.case_id OR new.payment_id IS NOT old.payment_id
  OR new.model IS NOT old.model OR new.protocol_year IS NOT old.protocol_year
  OR new.protocol_no IS NOT old.protocol_no OR new.issued_on IS NOT old.issued_on
  OR new.verification_code IS NOT old.verification_code OR new.created_at IS NOT old.created_at
  OR (old.pdf IS NOT NULL AND new.pdf IS NOT old.pdf)
  OR (old.pdf_sha256 IS NOT NULL AND new.pdf_sha256 IS NOT old.pdf_sha256)
BEGIN
    SELECT RAISE(ABORT, 'the issued fields of a certificate never change');
END;
CREATE TRIGGER certificates_void_once BEFORE UPDATE OF voided_at, void_reason ON certificates
WHEN old.voided_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a voided certificate stays voided');
END;
CREATE TRIGGER payments_no_delete_when_certified BEFORE DELETE ON payments
WHEN EXISTS (SELECT 1 FROM certificates WHERE payment_id = old.id)
BEGIN
    SELECT RAISE(ABORT, 'the payment of a certificate is never deleted');
END;
CREATE TRIGGER payments_fixed_when_certified BEFORE UPDATE ON payments
WHEN EXISTS (SELECT 1 FROM certificates WHERE payment_id = old.id)
BEGIN
    SELECT RAISE(ABORT, 'the payment of a certificate never changes');
END;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
"""

# v2: the installation's signing key (Ed25519) for certificate QR codes and
# HQ packages. It lives in the registry so that backups and restores keep it.
V2 = r"""
CREATE TABLE installation_key (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    private_key BLOB NOT NULL,            -- raw 32-byte Ed25519 private key
    public_key BLOB NOT NULL,             -- raw 32-byte public key
    created_at TEXT NOT NULL
);
CREATE TRIGGER installation_key_fixed BEFORE UPDATE ON installation_key BEGIN
    SELECT RAISE(ABORT, 'the installation key never changes: certificates already carry its signatures');
END;

-- Transmittals to OGA (διαβιβαστικά): numbered in the protocol book like certificates.
CREATE TABLE transmittals (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    protocol_year INTEGER NOT NULL,
    protocol_no INTEGER NOT NULL,
    sent_on TEXT NOT NULL,
    recipient TEXT NOT NULL,
    pdf BLOB,
    created_at TEXT NOT NULL,
    UNIQUE (protocol_year, protocol_no),
    FOREIGN KEY (protocol_year, protocol_no) REFERENCES protocol (year, number)
);
CREATE TABLE transmittal_items (
    transmittal_id INTEGER NOT NULL REFERENCES transmittals (id),
    case_id INTEGER NOT NULL REFERENCES cases (id),
    contents TEXT NOT NULL,               -- JSON list: what was sent for this case
    PRIMARY KEY (transmittal_id, case_id)
);
-- The transmittal queue: a case waiting to be sent lists what goes with it (JSON).
ALTER TABLE cases ADD COLUMN forward_contents TEXT;

CREATE TRIGGER transmittals_no_delete BEFORE DELETE ON transmittals BEGIN
    SELECT RAISE(ABORT, 'transmittals are never deleted');
END;
"""

# v3: exports to HQ. Each package has a sequence number, chains to the
# previous one by its manifest hash, and remembers how far the audit trail
# went, so the next incremental export sends what changed since.
V3 = r"""
CREATE TABLE exports (
    sequence INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    full INTEGER NOT NULL,
    audit_watermark INTEGER NOT NULL,      -- last audit id included
    manifest_sha256 TEXT NOT NULL UNIQUE,
    protocol_year INTEGER,
    protocol_no INTEGER,
    file_name TEXT NOT NULL,
    rows INTEGER NOT NULL
);
CREATE TRIGGER exports_no_delete BEFORE DELETE ON exports BEGIN
    SELECT RAISE(ABORT, 'exports are never deleted: the chain of packages depends on them');
END;
"""

# v4: versions of data the code derives and stores (the persons' search keys),
# so a new version of the derivation can recompute them on open.
V4 = r"""
CREATE TABLE derived (
    name TEXT PRIMARY KEY,                -- e.g. 'persons.search_keys'
    version TEXT NOT NULL                 -- e.g. domain.transliteration.KEYS_VERSION
);
"""

# v5: the record also defends itself against INSERT OR REPLACE. Without
# recursive triggers, REPLACE deletes the conflicting row without firing its
# DELETE or UPDATE triggers, so every protected table refuses an insert whose
# key is already there (BEFORE INSERT runs before the conflict is resolved).
# Record UUIDs never change (HQ merges by them); money is whole cents; the
# print log and transmittals are append-only; each export remembers the hash
# of the audit entry it reached, so a trail cut back or rewritten is found.
V5 = r"""
CREATE TRIGGER certificates_no_replace BEFORE INSERT ON certificates
WHEN EXISTS (SELECT 1 FROM certificates WHERE id = new.id OR uuid = new.uuid
             OR verification_code = new.verification_code
             OR (protocol_year = new.protocol_year AND protocol_no = new.protocol_no))
BEGIN
    SELECT RAISE(ABORT, 'an issued certificate is never replaced');
END;
CREATE TRIGGER protocol_no_replace BEFORE INSERT ON protocol
WHEN EXISTS (SELECT 1 FROM protocol WHERE uuid = new.uuid OR (year = new.year AND number = new.number))
BEGIN
    SELECT RAISE(ABORT, 'protocol entries are never replaced');
END;
CREATE TRIGGER protocol_start_no_replace BEFORE INSERT ON protocol_start
WHEN EXISTS (SELECT 1 FROM protocol_start WHERE year = new.year)
BEGIN
    SELECT RAISE(ABORT, 'the first number of a year is set once');
END;
CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit
WHEN EXISTS (SELECT 1 FROM audit WHERE id = new.id OR hash = new.hash)
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER installation_key_no_replace BEFORE INSERT ON installation_key
WHEN EXISTS (SELECT 1 FROM installation_key)
BEGIN
    SELECT RAISE(ABORT, 'the installation key never changes: certificates already carry its signatures');
END;
CREATE TRIGGER installation_key_no_delete BEFORE DELETE ON installation_key BEGIN
    SELECT RAISE(ABORT, 'the installation key is never deleted: certificates already carry its signatures');
END;
CREATE TRIGGER exports_no_replace BEFORE INSERT ON exports
WHEN EXISTS (SELECT 1 FROM exports WHERE sequence = new.sequence OR manifest_sha256 = new.manifest_sha256)
BEGIN
    SELECT RAISE(ABORT, 'exports are never replaced: the chain of packages depends on them');
END;
CREATE TRIGGER exports_no_update BEFORE UPDATE ON exports BEGIN
    SELECT RAISE(ABORT, 'exports never change: the chain of packages depends on them');
END;
CREATE TRIGGER transmittals_no_replace BEFORE INSERT ON transmittals
WHEN EXISTS (SELECT 1 FROM transmittals WHERE id = new.id OR uuid = new.uuid
             OR (protocol_year = new.protocol_year AND protocol_no = new.protocol_no))
BEGIN
    SELECT RAISE(ABORT, 'transmittals are never replaced');
END;
CREATE TRIGGER transmittals_fixed BEFORE UPDATE ON transmittals
WHEN NOT (old.pdf IS NULL AND new.uuid IS old.uuid AND new.protocol_year IS old.protocol_year
          AND new.protocol_no IS old.protocol_no AND new.sent_on IS old.sent_on
          AND new.recipient IS old.recipient AND new.created_at IS old.created_at)
BEGIN
    SELECT RAISE(ABORT, 'a sent transmittal never changes');
END;
CREATE TRIGGER transmittal_items_no_replace BEFORE INSERT ON transmittal_items
WHEN EXISTS (SELECT 1 FROM transmittal_items WHERE transmittal_id = new.transmittal_id AND case_id = new.case_id)
BEGIN
    SELECT RAISE(ABORT, 'a sent transmittal never changes');
END;
CREATE TRIGGER transmittal_items_no_update BEFORE UPDATE ON transmittal_items BEGIN
    SELECT RAISE(ABORT, 'a sent transmittal never changes');
END;
CREATE TRIGGER transmittal_items_no_delete BEFORE DELETE ON transmittal_items BEGIN
    SELECT RAISE(ABORT, 'a sent transmittal never changes');
END;
CREATE TRIGGER payments_no_replace_when_certified BEFORE INSERT ON payments
WHEN EXISTS (SELECT 1 FROM payments p JOIN certificates c ON c.payment_id = p.id
             WHERE p.id = new.id OR p.uuid = new.uuid OR p.case_id = new.case_id OR p.receipt_code = new.receipt_code)
BEGIN
    SELECT RAISE(ABORT, 'the payment of a certificate never changes');
END;
CREATE TRIGGER certificate_prints_no_update BEFORE UPDATE ON certificate_prints BEGIN
    SELECT RAISE(ABORT, 'the print log is append-only');
END;
CREATE TRIGGER certificate_prints_no_delete BEFORE DELETE ON certificate_prints BEGIN
    SELECT RAISE(ABORT, 'the print log is append-only');
END;
CREATE TRIGGER certificate_prints_no_replace BEFORE INSERT ON certificate_prints
WHEN EXISTS (SELECT 1 FROM certificate_prints WHERE id = new.id)
BEGIN
    SELECT RAISE(ABORT, 'the print log is append-only');
END;
CREATE TRIGGER persons_uuid_fixed BEFORE UPDATE OF uuid ON persons WHEN new.uuid IS NOT old.uuid BEGIN
    SELECT RAISE(ABORT, 'a record keeps its UUID: HQ merges by it');
END;
CREATE TRIGGER cases_uuid_fixed BEFORE UPDATE OF uuid ON cases WHEN new.uuid IS NOT old.uuid BEGIN
    SELECT RAISE(ABORT, 'a record keeps its UUID: HQ merges by it');
END;
CREATE TRIGGER payments_uuid_fixed BEFORE UPDATE OF uuid ON payments WHEN new.uuid IS NOT old.uuid BEGIN
    SELECT RAISE(ABORT, 'a record keeps its UUID: HQ merges by it');
END;
CREATE TRIGGER payments_whole_cents BEFORE INSERT ON payments WHEN typeof(new.amount_cents) != 'integer' BEGIN
    SELECT RAISE(ABORT, 'amounts are whole cents');
END;
CREATE TRIGGER payments_whole_cents_update BEFORE UPDATE OF amount_cents ON payments
WHEN typeof(new.amount_cents) != 'integer'
BEGIN
    SELECT RAISE(ABORT, 'amounts are whole cents');
END;
CREATE TRIGGER cases_whole_cents BEFORE UPDATE OF amount_cents ON cases
WHEN new.amount_cents IS NOT NULL AND typeof(new.amount_cents) != 'integer'
BEGIN
    SELECT RAISE(ABORT, 'amounts are whole cents');
END;
CREATE TRIGGER cases_whole_cents_insert BEFORE INSERT ON cases
WHEN new.amount_cents IS NOT NULL AND typeof(new.amount_cents) != 'integer'
BEGIN
    SELECT RAISE(ABORT, 'amounts are whole cents');
END;
CREATE TRIGGER hq_list_entries_whole_cents BEFORE INSERT ON hq_list_entries
WHEN typeof(new.amount_cents) != 'integer'
BEGIN
    SELECT RAISE(ABORT, 'amounts are whole cents');
END;
ALTER TABLE exports ADD COLUMN audit_head_hash TEXT;  -- hash of audit entry audit_watermark (NULL before v5)
"""


# v6: HQ's acknowledgements of the packages it merged. An incremental export
# sends everything since the last acknowledged package, so a package lost on
# the way is covered by the next one instead of blocking the village. Each
# row is a signed acknowledgement as imported (HQ's key is pinned by the
# first one); append-only like the exports they acknowledge.
V6 = r"""
CREATE TABLE export_acks (
    sequence INTEGER PRIMARY KEY REFERENCES exports (sequence),
    manifest_sha256 TEXT NOT NULL,         -- the acknowledged package, as HQ merged it
    hq_public_key BLOB NOT NULL,           -- the key that signed it (the same for every acknowledgement)
    acknowledged_at TEXT NOT NULL,         -- when HQ wrote it
    imported_at TEXT NOT NULL
);
CREATE TRIGGER export_acks_no_replace BEFORE INSERT ON export_acks
WHEN EXISTS (SELECT 1 FROM export_acks WHERE sequence = new.sequence)
BEGIN
    SELECT RAISE(ABORT, 'acknowledgements are never replaced');
END;
CREATE TRIGGER export_acks_no_update BEFORE UPDATE ON export_acks BEGIN
    SELECT RAISE(ABORT, 'acknowledgements never change');
END;
CREATE TRIGGER export_acks_no_delete BEFORE DELETE ON export_acks BEGIN
    SELECT RAISE(ABORT, 'acknowledgements are never deleted');
END;
"""

# v7: the clerk's acknowledgements of what the pre-issue review warned about
# (HQ's list against the category, with the reason when the list is wrong;
# issuing or paying outside the programme's window): JSON {key: note}. Who
# acknowledged and when is in the audit trail of the change.
V7 = r"""
ALTER TABLE cases ADD COLUMN acknowledgements TEXT NOT NULL DEFAULT '{}';
"""

# v8: the record defends itself (issue 15). Each part below is labelled
# with what it is for; they are one migration because they land together.
#
# The generation: a random id that every restore replaces. An instance reads
# it when it opens the file and checks it at the start of every write, so an
# instance whose file was replaced under it (a restore from another window)
# stops writing instead of writing its stale ids into someone else's record.
V8 = r"""
CREATE TABLE generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    value TEXT NOT NULL
);
INSERT INTO generation (id, value) VALUES (1, lower(hex(randomblob(16))));

-- Keys (items 8 and 9): the installation's private key leaves the registry.
-- Registry.open moves it to the OS key store or a 0600 file (registry.keys)
-- and then blanks the column; from here on the row may only ever be blanked
-- or changed by a recorded re-key, and no private key is inserted again.
-- installation_keys lists every public key the office signed with, from when,
-- so a certificate signed before a re-key still verifies. hq_trust is HQ's
-- key as the office set it up (never learnt from an acknowledgement).
CREATE TABLE installation_keys (
    id INTEGER PRIMARY KEY,
    public_key BLOB NOT NULL UNIQUE,       -- raw 32-byte Ed25519 public key
    valid_from TEXT,                       -- ISO date of the re-key; NULL: the first key, valid from the start
    created_at TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT ''
);
INSERT INTO installation_keys (public_key, valid_from, created_at, reason)
SELECT public_key, NULL, created_at, 'first key' FROM installation_key;
CREATE TRIGGER installation_keys_no_replace BEFORE INSERT ON installation_keys
WHEN EXISTS (SELECT 1 FROM installation_keys WHERE id = new.id OR public_key = new.public_key)
BEGIN
    SELECT RAISE(ABORT, 'the keys of the installation are never replaced: certificates carry their signatures');
END;
CREATE TRIGGER installation_keys_no_update BEFORE UPDATE ON installation_keys BEGIN
    SELECT RAISE(ABORT, 'the keys of the installation never change: certificates carry their signatures');
END;
CREATE TRIGGER installation_keys_no_delete BEFORE DELETE ON installation_keys BEGIN
    SELECT RAISE(ABORT, 'the keys of the installation are never deleted: certificates carry their signatures');
END;
CREATE TRIGGER installation_key_recorded AFTER INSERT ON installation_key BEGIN
    INSERT INTO installation_keys (public_key, valid_from, created_at, reason)
    VALUES (new.public_key, NULL, new.created_at, 'first key');
END;
CREATE TRIGGER installation_key_no_private BEFORE INSERT ON installation_key
WHEN length(new.private_key) > 0
BEGIN
    SELECT RAISE(ABORT, 'the private key is never kept in the registry');
END;
DROP TRIGGER installation_key_fixed;
CREATE TRIGGER installation_key_fixed BEFORE UPDATE ON installation_key
WHEN NOT (typeof(new.private_key) = 'blob' AND length(new.private_key) = 0
          AND ((new.public_key = old.public_key AND new.created_at IS old.created_at)
               OR EXISTS (SELECT 1 FROM installation_keys k WHERE k.public_key = new.public_key
                          AND k.created_at = new.created_at AND k.valid_from IS NOT NULL
                          AND k.id = (SELECT MAX(id) FROM installation_keys))))
BEGIN
    SELECT RAISE(ABORT, 'the installation key changes only by a recorded re-key, and never back into the registry');
END;
CREATE TABLE hq_trust (
    id INTEGER PRIMARY KEY,
    fingerprint TEXT NOT NULL,             -- 32 hex digits of the SHA-256 of HQ's public key
    public_key BLOB,                       -- HQ's key, when set up from its key file
    trusted_at TEXT NOT NULL,
    source TEXT NOT NULL                   -- 'file' or 'fingerprint' (typed)
);
CREATE TRIGGER hq_trust_no_replace BEFORE INSERT ON hq_trust
WHEN EXISTS (SELECT 1 FROM hq_trust WHERE id = new.id)
BEGIN
    SELECT RAISE(ABORT, 'the record of HQ''s keys is append-only');
END;
CREATE TRIGGER hq_trust_no_update BEFORE UPDATE ON hq_trust BEGIN
    SELECT RAISE(ABORT, 'the record of HQ''s keys is append-only');
END;
CREATE TRIGGER hq_trust_no_delete BEFORE DELETE ON hq_trust BEGIN
    SELECT RAISE(ABORT, 'the record of HQ''s keys is append-only');
END;

-- Tamper evidence (items 6 and 7): each certificate keeps the facts it
-- certifies as they were at issue (JSON, with the audit trail's head at that
-- moment) and the signed payload printed in its QR, whose signature covers a
-- digest of those facts. Verification compares against these, not against
-- rows that may be corrected later; `check` re-verifies every signature and
-- finds a trail recomputed before any certificate. NULL for certificates
-- issued before v8. The index lets `check` compare each record with its own
-- audit entries without reading the whole trail per record.
ALTER TABLE certificates ADD COLUMN facts TEXT;
ALTER TABLE certificates ADD COLUMN qr_payload TEXT;
CREATE TRIGGER certificates_sealed BEFORE UPDATE OF facts, qr_payload ON certificates
WHEN new.facts IS NOT old.facts OR new.qr_payload IS NOT old.qr_payload
BEGIN
    SELECT RAISE(ABORT, 'the signed facts of a certificate never change');
END;
CREATE INDEX audit_entity ON audit (entity, entity_uuid);
-- cases_whole_cents_insert joined v5 after v5 was first released: made again
-- here so that every v8 registry has exactly the triggers `check` expects.
DROP TRIGGER IF EXISTS cases_whole_cents_insert;
CREATE TRIGGER cases_whole_cents_insert BEFORE INSERT ON cases
WHEN new.amount_cents IS NOT NULL AND typeof(new.amount_cents) != 'integer'
BEGIN
    SELECT RAISE(ABORT, 'amounts are whole cents');
END;

-- Case drafts (issue 16, item 2): what the clerk typed on a page of a case and
-- left without saving (Esc, Close), shown typed again when the case reopens,
-- also after a restart. A draft is never a record (a typed receipt is not a
-- payment): not audited, not exported, replaced at each leave, dropped once
-- the page is saved.
CREATE TABLE case_drafts (
    case_id INTEGER NOT NULL REFERENCES cases (id),
    page TEXT NOT NULL,                    -- the step's name, e.g. stepPayment
    fields TEXT NOT NULL,                  -- JSON: {field name: text as typed}
    saved_at TEXT NOT NULL,
    PRIMARY KEY (case_id, page)
);

-- Person search by any part of a number, best match first in name order
-- (issue 16, item 8). Derived index tables, kept in step with persons by
-- triggers: person_name_keys holds each name key (persons.search_keys, one
-- row a word), person_name_pairs each two of them "key other" in both orders
-- (so "Χότζα Αρ" is one range, not two long lists to intersect),
-- person_number_parts every run of 4 or more characters that
-- ends a passport, AMKA or OGA number (its suffixes, so a part typed is a
-- prefix of one). Each carries sort_name (surname and name as the list sorts
-- them, computed by registry.persons and filled on open), so a page of
-- results in order is read from one index range without touching persons.
-- persons_recent: the Registry's recent persons before anything is typed.
ALTER TABLE persons ADD COLUMN sort_name TEXT NOT NULL DEFAULT '';
CREATE INDEX persons_afm ON persons (afm) WHERE afm != '';
CREATE INDEX persons_recent ON persons (updated_at);
CREATE TABLE person_name_keys (
    key TEXT NOT NULL,
    sort_name TEXT NOT NULL,
    person_id INTEGER NOT NULL,
    PRIMARY KEY (key, sort_name, person_id)
) WITHOUT ROWID;
CREATE TABLE person_name_pairs (
    pair TEXT NOT NULL,
    sort_name TEXT NOT NULL,
    person_id INTEGER NOT NULL,
    PRIMARY KEY (pair, sort_name, person_id)
) WITHOUT ROWID;
CREATE TABLE person_number_parts (
    part TEXT NOT NULL,
    sort_name TEXT NOT NULL,
    person_id INTEGER NOT NULL,
    whole INTEGER NOT NULL,                -- 1: the part is the whole number
    PRIMARY KEY (part, sort_name, person_id)
) WITHOUT ROWID;
"""

# The search tables follow each person: the same filing (new row) and unfiling
# (old row) serve the insert, delete and update triggers.
_FILE_PERSON = r"""
    INSERT OR IGNORE INTO person_name_keys (key, sort_name, person_id)
    WITH RECURSIVE w(key, rest) AS (
        SELECT '', ROW.search_keys || ' '
        UNION ALL SELECT substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1) FROM w WHERE rest != ''
    ) SELECT key, ROW.sort_name, ROW.id FROM w WHERE key != '';
    INSERT OR IGNORE INTO person_name_pairs (pair, sort_name, person_id)
    WITH RECURSIVE w(key, rest) AS (
        SELECT '', ROW.search_keys || ' '
        UNION ALL SELECT substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1) FROM w WHERE rest != ''
    ) SELECT a.key || ' ' || b.key, ROW.sort_name, ROW.id FROM w a JOIN w b ON a.key != b.key
    WHERE a.key != '' AND b.key != '';
    INSERT OR IGNORE INTO person_number_parts (part, sort_name, person_id, whole)
    WITH RECURSIVE s(part, whole) AS (
        SELECT v, 1 FROM (SELECT ROW.passport_no AS v UNION ALL SELECT ROW.amka UNION ALL SELECT ROW.oga_no)
        WHERE length(v) >= 4
        UNION ALL SELECT substr(part, 2), 0 FROM s WHERE length(part) > 4
    ) SELECT part, ROW.sort_name, ROW.id, whole FROM s;
"""
_UNFILE_PERSON = r"""
    DELETE FROM person_name_keys WHERE sort_name = ROW.sort_name AND person_id = ROW.id AND key IN (
        WITH RECURSIVE w(key, rest) AS (
            SELECT '', ROW.search_keys || ' '
            UNION ALL SELECT substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1) FROM w WHERE rest != ''
        ) SELECT key FROM w);
    DELETE FROM person_name_pairs WHERE sort_name = ROW.sort_name AND person_id = ROW.id AND pair IN (
        WITH RECURSIVE w(key, rest) AS (
            SELECT '', ROW.search_keys || ' '
            UNION ALL SELECT substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1) FROM w WHERE rest != ''
        ) SELECT a.key || ' ' || b.key FROM w a JOIN w b ON a.key != b.key);
    DELETE FROM person_number_parts WHERE sort_name = ROW.sort_name AND person_id = ROW.id AND part IN (
        WITH RECURSIVE s(part) AS (
            SELECT v FROM (SELECT ROW.passport_no AS v UNION ALL SELECT ROW.amka UNION ALL SELECT ROW.oga_no)
            WHERE length(v) >= 4
            UNION ALL SELECT substr(part, 2) FROM s WHERE length(part) > 4
        ) SELECT part FROM s);
"""
V8 += (
    "CREATE TRIGGER persons_search_insert AFTER INSERT ON persons BEGIN"
    + _FILE_PERSON.replace("ROW.", "new.") + "END;\n"
    "CREATE TRIGGER persons_search_delete AFTER DELETE ON persons BEGIN"
    + _UNFILE_PERSON.replace("ROW.", "old.") + "END;\n"
    "CREATE TRIGGER persons_search_update AFTER UPDATE OF search_keys, sort_name, passport_no, amka, oga_no ON persons BEGIN"
    + _UNFILE_PERSON.replace("ROW.", "old.") + _FILE_PERSON.replace("ROW.", "new.")[1:] + "END;\n"
    "-- Persons registered before v8 are indexed on open: registry.persons fills\n"
    "-- their sort_name, and the update trigger files each under it (keys, pairs, parts).\n"
)

#: MIGRATIONS[i] takes a registry from schema version i to i + 1.
MIGRATIONS: tuple[str, ...] = (V1, V2, V3, V4, V5, V6, V7, V8)
SCHEMA_VERSION = len(MIGRATIONS)
