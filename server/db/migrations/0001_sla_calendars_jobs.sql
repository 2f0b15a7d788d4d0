CREATE TABLE "calendar_exceptions" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"calendar_id" uuid NOT NULL,
	"on" date NOT NULL,
	"kind" text NOT NULL,
	"windows" jsonb,
	"name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_exceptions_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "calendars" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"time_zone" text DEFAULT 'Asia/Shanghai' NOT NULL,
	"weekly" jsonb NOT NULL,
	"statutory_holidays" boolean DEFAULT true NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"team" text,
	"region" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendars_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "holiday_years" (
	"org_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"source" text NOT NULL,
	"holidays" jsonb NOT NULL,
	"workdays" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "holiday_years_org_id_year_pk" PRIMARY KEY("org_id","year")
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid,
	"kind" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"run_at" timestamp with time zone NOT NULL,
	"lease_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"progress_done" integer DEFAULT 0 NOT NULL,
	"progress_total" integer,
	"cursor" text,
	"result" jsonb,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"topic" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"recipient" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	CONSTRAINT "outbox_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "sla_alerts" (
	"org_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"bp" integer NOT NULL,
	"policy_id" uuid NOT NULL,
	"due_at" timestamp with time zone,
	"fired_at" timestamp with time zone NOT NULL,
	"actions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "sla_alerts_org_id_ticket_id_metric_bp_pk" PRIMARY KEY("org_id","ticket_id","metric","bp")
);
--> statement-breakpoint
CREATE TABLE "sla_clocks" (
	"org_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"policy_id" uuid NOT NULL,
	"state" text NOT NULL,
	"started_at" timestamp with time zone,
	"stopped_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"target_ms" bigint NOT NULL,
	"elapsed_ms" bigint NOT NULL,
	"paused_ms" bigint NOT NULL,
	"extended" boolean DEFAULT false NOT NULL,
	"extension_reason" text,
	"thresholds" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"trail" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"next_alert_at" timestamp with time zone,
	"next_alert_bp" integer,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sla_clocks_org_id_ticket_id_metric_pk" PRIMARY KEY("org_id","ticket_id","metric")
);
--> statement-breakpoint
CREATE TABLE "sla_policies" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"template" text,
	"rank" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"conditions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"calendar_id" uuid,
	"targets" jsonb NOT NULL,
	"actions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sla_policies_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "team" text;--> statement-breakpoint
ALTER TABLE "calendar_exceptions" ADD CONSTRAINT "calendar_exceptions_org_id_calendar_id_calendars_org_id_id_fk" FOREIGN KEY ("org_id","calendar_id") REFERENCES "public"."calendars"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendars" ADD CONSTRAINT "calendars_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holiday_years" ADD CONSTRAINT "holiday_years_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD CONSTRAINT "sla_policies_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "calendar_exceptions_calendar_idx" ON "calendar_exceptions" USING btree ("org_id","calendar_id","on");--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "jobs" USING btree ("status","run_at") WHERE status in ('queued', 'running');--> statement-breakpoint
CREATE INDEX "jobs_org_kind_idx" ON "jobs" USING btree ("org_id","kind","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_dedupe_key" ON "outbox" USING btree ("org_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "outbox_undelivered_idx" ON "outbox" USING btree ("created_at") WHERE delivered_at is null;--> statement-breakpoint
CREATE INDEX "sla_alerts_org_fired_idx" ON "sla_alerts" USING btree ("org_id","fired_at");--> statement-breakpoint
CREATE INDEX "sla_clocks_next_alert_idx" ON "sla_clocks" USING btree ("next_alert_at") WHERE next_alert_at is not null;--> statement-breakpoint
CREATE INDEX "sla_clocks_org_state_due_idx" ON "sla_clocks" USING btree ("org_id","state","due_at");