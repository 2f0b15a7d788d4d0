CREATE TABLE "contractor_contracts" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"contractor_id" uuid NOT NULL,
	"estate" text NOT NULL,
	"scope" text NOT NULL,
	"unit_prices" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"warranty_terms" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"deposit_fen" bigint NOT NULL,
	"deposit_due_on" date,
	"signed_on" date,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contractor_contracts_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "contractor_responsibilities" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"contractor_id" uuid NOT NULL,
	"estate" text NOT NULL,
	"building" text NOT NULL,
	"trade" text NOT NULL,
	"starts_on" date,
	"warranty_ends_on" date NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contractor_responsibilities_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "contractors" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"credit_code" text,
	"repair_phone" text NOT NULL,
	"responsible_person" text NOT NULL,
	"contacts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "contractors_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "contractor_countersignatures" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"contractor_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"rule" text NOT NULL,
	"work_quantity" text,
	"cost_basis_fen" bigint NOT NULL,
	"rate_bp" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"note" text,
	"ledger_line_id" uuid,
	"signer_name" text,
	"signature_attachment_id" uuid,
	"signed_by" uuid,
	"signed_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contractor_countersignatures_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "contractor_agreements" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"contractor_id" uuid NOT NULL,
	"attachment_id" uuid NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"note" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contractor_agreements_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "contractor_deposit_ledger" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"contractor_id" uuid NOT NULL,
	"rule" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"ticket_id" uuid,
	"cost_basis_fen" bigint,
	"rate_bp" integer,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"note" text,
	"corrects_id" uuid,
	"balance_fen" bigint NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contractor_deposit_ledger_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "contractor_statement_lines" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"statement_id" uuid NOT NULL,
	"ledger_line_id" uuid NOT NULL,
	"amount_fen" bigint NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"dispute_reason" text,
	"dispute_attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"disputed_at" timestamp with time zone,
	"answer" text,
	"answered_by" uuid,
	"answered_at" timestamp with time zone,
	"reversal_line_id" uuid,
	CONSTRAINT "contractor_statement_lines_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "contractor_statements" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"contractor_id" uuid NOT NULL,
	"quarter" text NOT NULL,
	"from_on" date NOT NULL,
	"to_on" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"total_fen" bigint NOT NULL,
	"issued_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "contractor_statements_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "contractor_ticket_units" (
	"org_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"estate" text NOT NULL,
	"building" text NOT NULL,
	"trade" text NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	CONSTRAINT "contractor_ticket_units_org_id_ticket_id_pk" PRIMARY KEY("org_id","ticket_id")
);
--> statement-breakpoint
DROP VIEW "public"."ticket_ref_v";--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "trade" text;--> statement-breakpoint
ALTER TABLE "contractor_contracts" ADD CONSTRAINT "contractor_contracts_org_id_contractor_id_contractors_org_id_id_fk" FOREIGN KEY ("org_id","contractor_id") REFERENCES "public"."contractors"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contractor_contracts" ADD CONSTRAINT "contractor_contracts_org_id_created_by_users_org_id_id_fk" FOREIGN KEY ("org_id","created_by") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contractor_responsibilities" ADD CONSTRAINT "contractor_responsibilities_org_id_contractor_id_contractors_org_id_id_fk" FOREIGN KEY ("org_id","contractor_id") REFERENCES "public"."contractors"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contractor_responsibilities" ADD CONSTRAINT "contractor_responsibilities_org_id_created_by_users_org_id_id_fk" FOREIGN KEY ("org_id","created_by") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contractors" ADD CONSTRAINT "contractors_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contractor_countersignatures" ADD CONSTRAINT "contractor_countersignatures_org_id_contractor_id_contractors_org_id_id_fk" FOREIGN KEY ("org_id","contractor_id") REFERENCES "public"."contractors"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contractor_countersignatures" ADD CONSTRAINT "contractor_countersignatures_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contractor_countersignatures" ADD CONSTRAINT "contractor_countersignatures_org_id_ledger_line_id_contractor_deposit_ledger_org_id_id_fk" FOREIGN KEY ("org_id","ledger_line_id") REFERENCES "public"."contractor_deposit_ledger"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contractor_agreements" ADD CONSTRAINT "contractor_agreements_org_id_contractor_id_contractors_org_id_id_fk" FOREIGN KEY ("org_id","contractor_id") REFERENCES "public"."contractors"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contractor_deposit_ledger" ADD CONSTRAINT "contractor_deposit_ledger_org_id_contractor_id_contractors_org_id_id_fk" FOREIGN KEY ("org_id","contractor_id") REFERENCES "public"."contractors"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contractor_deposit_ledger" ADD CONSTRAINT "contractor_deposit_ledger_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contractor_deposit_ledger" ADD CONSTRAINT "contractor_deposit_ledger_org_id_corrects_id_contractor_deposit_ledger_org_id_id_fk" FOREIGN KEY ("org_id","corrects_id") REFERENCES "public"."contractor_deposit_ledger"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contractor_statement_lines" ADD CONSTRAINT "contractor_statement_lines_org_id_statement_id_contractor_statements_org_id_id_fk" FOREIGN KEY ("org_id","statement_id") REFERENCES "public"."contractor_statements"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contractor_statement_lines" ADD CONSTRAINT "contractor_statement_lines_org_id_ledger_line_id_contractor_deposit_ledger_org_id_id_fk" FOREIGN KEY ("org_id","ledger_line_id") REFERENCES "public"."contractor_deposit_ledger"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contractor_statements" ADD CONSTRAINT "contractor_statements_org_id_contractor_id_contractors_org_id_id_fk" FOREIGN KEY ("org_id","contractor_id") REFERENCES "public"."contractors"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contractor_contracts_contractor_idx" ON "contractor_contracts" USING btree ("org_id","contractor_id");--> statement-breakpoint
CREATE INDEX "contractor_responsibilities_unit_idx" ON "contractor_responsibilities" USING btree ("org_id","estate","building","trade");--> statement-breakpoint
CREATE INDEX "contractor_responsibilities_contractor_idx" ON "contractor_responsibilities" USING btree ("org_id","contractor_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contractors_credit_code_key" ON "contractors" USING btree ("org_id","credit_code") WHERE credit_code is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "contractors_name_key" ON "contractors" USING btree ("org_id","name");--> statement-breakpoint
CREATE INDEX "contractor_countersignatures_contractor_idx" ON "contractor_countersignatures" USING btree ("org_id","contractor_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "contractor_countersignatures_line_key" ON "contractor_countersignatures" USING btree ("org_id","ledger_line_id") WHERE ledger_line_id is not null;--> statement-breakpoint
CREATE INDEX "contractor_agreements_contractor_idx" ON "contractor_agreements" USING btree ("org_id","contractor_id");--> statement-breakpoint
CREATE INDEX "contractor_deposit_ledger_contractor_idx" ON "contractor_deposit_ledger" USING btree ("org_id","contractor_id","created_at");--> statement-breakpoint
CREATE INDEX "contractor_deposit_ledger_ticket_idx" ON "contractor_deposit_ledger" USING btree ("org_id","ticket_id") WHERE ticket_id is not null;--> statement-breakpoint
CREATE INDEX "contractor_statement_lines_statement_idx" ON "contractor_statement_lines" USING btree ("org_id","statement_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contractor_statements_quarter_key" ON "contractor_statements" USING btree ("org_id","contractor_id","quarter");--> statement-breakpoint
CREATE INDEX "contractor_ticket_units_unit_idx" ON "contractor_ticket_units" USING btree ("org_id","estate","building","trade","reported_at");--> statement-breakpoint
CREATE VIEW "public"."ticket_ref_v" AS (select "org_id", "id", "number", "type", "channel", "status", "priority", "emergency", "customer_id", "asset_id", "address_id", "assignee_id", "contractor_id", "trade", "estimated_value_fen", "description", "reported_at", "completed_at", "closed_at", "version" from "tickets");