CREATE TABLE "pay_lines" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"rule" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"held_fen" bigint DEFAULT 0 NOT NULL,
	"source_type" text NOT NULL,
	"source_id" text NOT NULL,
	"ticket_id" uuid,
	"ticket_number" text,
	"source_on" date,
	"detail" jsonb NOT NULL,
	"explanation" text NOT NULL,
	"corrects_line_id" uuid,
	CONSTRAINT "pay_lines_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "pay_runs" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"month" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"total_fen" bigint DEFAULT 0 NOT NULL,
	"people" integer DEFAULT 0 NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"locked_at" timestamp with time zone,
	"locked_by" uuid,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "pay_runs_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "pay_penalties" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"cause" text NOT NULL,
	"quantity" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	"description" text NOT NULL,
	"ticket_id" uuid,
	"evidence_attachment_id" uuid,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"confirmed_by" uuid,
	"confirmed_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_by" uuid,
	"withdraw_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "pay_penalties_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "pay_rework_judgements" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"rework_ticket_id" uuid NOT NULL,
	"original_ticket_id" uuid NOT NULL,
	"at_fault_user_ids" uuid[] NOT NULL,
	"reason" text NOT NULL,
	"decided_by" uuid NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "pay_rework_judgements_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
DROP VIEW "public"."ticket_ref_v";--> statement-breakpoint
ALTER TABLE "charges" ADD COLUMN "repair_warranty_months" integer;--> statement-breakpoint
ALTER TABLE "pay_lines" ADD CONSTRAINT "pay_lines_org_id_run_id_pay_runs_org_id_id_fk" FOREIGN KEY ("org_id","run_id") REFERENCES "public"."pay_runs"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pay_runs" ADD CONSTRAINT "pay_runs_org_id_created_by_users_org_id_id_fk" FOREIGN KEY ("org_id","created_by") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pay_penalties" ADD CONSTRAINT "pay_penalties_org_id_user_id_users_org_id_id_fk" FOREIGN KEY ("org_id","user_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pay_penalties" ADD CONSTRAINT "pay_penalties_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pay_rework_judgements" ADD CONSTRAINT "pay_rework_judgements_org_id_rework_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","rework_ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pay_rework_judgements" ADD CONSTRAINT "pay_rework_judgements_org_id_original_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","original_ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pay_lines_run_user_idx" ON "pay_lines" USING btree ("org_id","run_id","user_id");--> statement-breakpoint
CREATE INDEX "pay_lines_source_idx" ON "pay_lines" USING btree ("org_id","source_type","source_id");--> statement-breakpoint
CREATE INDEX "pay_lines_ticket_idx" ON "pay_lines" USING btree ("org_id","ticket_id","user_id") WHERE ticket_id is not null;--> statement-breakpoint
CREATE INDEX "pay_runs_month_idx" ON "pay_runs" USING btree ("org_id","month");--> statement-breakpoint
CREATE UNIQUE INDEX "pay_runs_locked_month_key" ON "pay_runs" USING btree ("org_id","month") WHERE status = 'locked';--> statement-breakpoint
CREATE INDEX "pay_penalties_user_idx" ON "pay_penalties" USING btree ("org_id","user_id","recorded_at");--> statement-breakpoint
CREATE INDEX "pay_penalties_confirmed_idx" ON "pay_penalties" USING btree ("org_id","confirmed_at") WHERE confirmed_at is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "pay_rework_judgements_ticket_key" ON "pay_rework_judgements" USING btree ("org_id","rework_ticket_id");--> statement-breakpoint
CREATE INDEX "pay_rework_judgements_original_idx" ON "pay_rework_judgements" USING btree ("org_id","original_ticket_id");--> statement-breakpoint
CREATE VIEW "public"."exam_result_v" AS (select "org_id", "id", "user_id", "product_line", "passed", "attempt", "taken_on" from "technician_exams");--> statement-breakpoint
CREATE VIEW "public"."received_report_v" AS (select "org_id", "ticket_id", "submitted_by", "received_at", "callback_explained", "callback_at" from "work_reports" where "work_reports"."received_at" is not null);--> statement-breakpoint
CREATE VIEW "public"."time_entry_v" AS (select "org_id", "id", "ticket_id", "user_id", "kind", "transport", "wait_reason", "started_at", "minutes", "status", "corrects_id", "approved_by", "approved_at" from "time_entries");--> statement-breakpoint
CREATE VIEW "public"."user_grade_v" AS (select "org_id", "id", "user_id", "effective_on", "grade", "employment_status", "recorded_at" from "user_grade_changes");--> statement-breakpoint
CREATE VIEW "public"."ticket_crew_v" AS (select "org_id", "ticket_id", "user_id", "is_lead" from "ticket_crew");--> statement-breakpoint
CREATE VIEW "public"."ticket_ref_v" AS (select "org_id", "id", "number", "type", "channel", "status", "priority", "emergency", "customer_id", "asset_id", "address_id", "assignee_id", "contractor_id", "trade", "estimated_value_fen", "warranty", "description", "reported_at", "completed_at", "closed_at", "version" from "tickets");