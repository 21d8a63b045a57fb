-- What timing terminals send: live status, positions, 驾培 sign-ins, minute records, photos, and the
-- commands regulators send down. Written by the TCP gateway through the telemetry and training-records
-- modules; read by monitoring and (issue 4) the teaching-log assembly and audit.

-- 学员编号: the 16-digit trainee number terminals put in 0x0201/0x0203. Rows seeded before this
-- migration get county code + enrolment year + a serial, the same shape the seed now generates.
ALTER TABLE trainees ADD COLUMN trainee_number char(16);
UPDATE trainees t
SET trainee_number = numbered.n
FROM (
  SELECT tr.id,
         s.county_code || to_char(tr.enrolled_on, 'YYYY')
           || lpad((row_number() OVER (ORDER BY tr.enrolled_on, tr.id))::text, 6, '0') AS n
  FROM trainees tr JOIN schools s ON s.id = tr.school_id
) numbered
WHERE numbered.id = t.id;
ALTER TABLE trainees ALTER COLUMN trainee_number SET NOT NULL;
ALTER TABLE trainees ADD CONSTRAINT trainees_trainee_number_key UNIQUE (trainee_number);
ALTER TABLE trainees ADD CONSTRAINT trainees_trainee_number_check CHECK (trainee_number ~ '^[0-9]{16}$');

-- Per-terminal protocol facts. protocol_variant NULL means "the gateway's default / detect";
-- certificate_pem holds the terminal's X.509 certificate (or public key) for 驾培 signatures.
ALTER TABLE terminals
  ADD COLUMN protocol_variant text CHECK (protocol_variant IN ('2013', '2019', 'jiapei')),
  ADD COLUMN certificate_pem text,
  ADD COLUMN auth_code text,
  ADD COLUMN registered_at timestamptz;

-- One row per terminal: what the live map shows. Updated in batches, never per message.
CREATE TABLE terminal_status (
  terminal_id uuid PRIMARY KEY REFERENCES terminals (id),
  online boolean NOT NULL DEFAULT false,
  connected_at timestamptz,
  disconnected_at timestamptz,
  last_seen_at timestamptz,
  remote_address text,
  latitude double precision,
  longitude double precision,
  speed_kmh real,
  direction smallint,
  fix_time timestamptz,
  alarm bigint,
  status_bits bigint,
  coach_id uuid REFERENCES coaches (id),
  trainee_id uuid REFERENCES trainees (id),
  classroom_id bigint,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Position reports (0x0200, 0x0704 blind-area batches). A fix is identified by terminal and fix time,
-- so a resent fix is not stored twice.
CREATE TABLE positions (
  terminal_id uuid NOT NULL REFERENCES terminals (id),
  fix_time timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  latitude double precision NOT NULL,
  longitude double precision NOT NULL,
  altitude smallint NOT NULL DEFAULT 0,
  speed_kmh real NOT NULL,
  direction smallint NOT NULL,
  alarm bigint NOT NULL DEFAULT 0,
  status_bits bigint NOT NULL DEFAULT 0,
  blind boolean NOT NULL DEFAULT false,
  PRIMARY KEY (terminal_id, fix_time)
);

-- 教练员登录/登出 (驾培 0x0101/0x0102), accepted ones only; refusals are counted and quarantined.
CREATE TABLE coach_sign_ins (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  terminal_id uuid NOT NULL REFERENCES terminals (id),
  vehicle_id uuid REFERENCES vehicles (id),
  coach_id uuid NOT NULL REFERENCES coaches (id),
  licence_class text NOT NULL,
  signed_in_at timestamptz NOT NULL,
  signed_out_at timestamptz,
  latitude double precision,
  longitude double precision,
  received_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (terminal_id, coach_id, signed_in_at)
);

-- 学员登录/登出 (0x0201/0x0202): one row per training session (课堂ID chosen by the terminal).
CREATE TABLE trainee_sign_ins (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  terminal_id uuid NOT NULL REFERENCES terminals (id),
  vehicle_id uuid REFERENCES vehicles (id),
  trainee_id uuid NOT NULL REFERENCES trainees (id),
  coach_id uuid NOT NULL REFERENCES coaches (id),
  classroom_id bigint NOT NULL,
  course_code char(10) NOT NULL,
  signed_in_at timestamptz NOT NULL,
  signed_out_at timestamptz,
  -- What the terminal reported at logout: minutes and 1/10 km.
  reported_minutes integer,
  reported_mileage_decikm integer,
  latitude double precision,
  longitude double precision,
  received_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (terminal_id, classroom_id, trainee_id)
);
CREATE INDEX trainee_sign_ins_trainee_idx ON trainee_sign_ins (trainee_id, signed_in_at);

-- 分钟学时 (0x0203): identified by the 26-character record number, so a resend is stored once.
CREATE TABLE minute_records (
  record_number char(26) PRIMARY KEY,
  terminal_id uuid NOT NULL REFERENCES terminals (id),
  vehicle_id uuid REFERENCES vehicles (id),
  trainee_id uuid NOT NULL REFERENCES trainees (id),
  coach_id uuid NOT NULL REFERENCES coaches (id),
  classroom_id bigint NOT NULL,
  recorded_at timestamptz NOT NULL,
  course_code char(10) NOT NULL,
  record_status smallint NOT NULL,
  max_speed_decikmh integer NOT NULL CHECK (max_speed_decikmh >= 0),
  mileage_decikm integer NOT NULL CHECK (mileage_decikm >= 0),
  latitude double precision,
  longitude double precision,
  gnss_speed_kmh real,
  report_type smallint NOT NULL,
  blind boolean NOT NULL DEFAULT false,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX minute_records_trainee_idx ON minute_records (trainee_id, recorded_at);
CREATE INDEX minute_records_session_idx ON minute_records (terminal_id, classroom_id);

-- Photos (0x0305 init + 0x0306 packets), reassembled; `data` is the JPEG once complete.
CREATE TABLE photos (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  terminal_id uuid NOT NULL REFERENCES terminals (id),
  photo_number char(10) NOT NULL,
  person_number char(16) NOT NULL,
  upload_mode smallint NOT NULL,
  channel smallint NOT NULL,
  size_code smallint NOT NULL,
  event_type smallint NOT NULL,
  classroom_id bigint NOT NULL,
  taken_at timestamptz,
  latitude double precision,
  longitude double precision,
  face_confidence smallint,
  byte_size integer NOT NULL CHECK (byte_size >= 0),
  packets_total integer NOT NULL CHECK (packets_total >= 0),
  packets_received integer NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'receiving' CHECK (status IN ('receiving', 'complete', 'incomplete')),
  data bytea,
  received_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  UNIQUE (terminal_id, photo_number)
);
CREATE INDEX photos_session_idx ON photos (terminal_id, classroom_id);

-- Records that name something we do not know (a trainee, coach, session or terminal): kept with the
-- reason so nothing is silently dropped or half-applied. dedupe_key makes a resend land once.
CREATE TABLE quarantined_records (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  terminal_id uuid REFERENCES terminals (id),
  kind text NOT NULL,
  reason text NOT NULL,
  dedupe_key text NOT NULL UNIQUE,
  payload jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

-- Commands sent down to terminals (photo now, 禁训, parameters, record requests) and their answers.
CREATE TABLE terminal_commands (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  terminal_id uuid NOT NULL REFERENCES terminals (id),
  kind text NOT NULL CHECK (kind IN ('take_photo', 'set_training_ban', 'set_parameters', 'request_records')),
  params jsonb NOT NULL,
  requested_by uuid NOT NULL REFERENCES users (id),
  requested_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'sent', 'answered', 'failed', 'offline')),
  serial integer,
  sent_at timestamptz,
  answer jsonb,
  answered_at timestamptz
);
CREATE INDEX terminal_commands_terminal_idx ON terminal_commands (terminal_id, requested_at DESC);
