CREATE TABLE "invoices" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"buyer_title" text NOT NULL,
	"buyer_tax_number" text,
	"amount_fen" bigint NOT NULL,
	"reverses_id" uuid,
	"reason" text,
	"number" text,
	"issued_on" date,
	"requested_by" uuid NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"issued_by" uuid,
	"issued_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "invoices_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"amount_fen" bigint NOT NULL,
	"method" text NOT NULL,
	"reference" text,
	"reason" text,
	"received_by" uuid NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payments_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "ticket_costs" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"note" text,
	"status" text NOT NULL,
	"entered_by" uuid NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"reject_reason" text,
	"receipt_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "ticket_costs_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
DROP INDEX "ticket_accounts_owed_idx";--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_org_id_reverses_id_invoices_org_id_id_fk" FOREIGN KEY ("org_id","reverses_id") REFERENCES "public"."invoices"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_costs" ADD CONSTRAINT "ticket_costs_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "invoices_ticket_idx" ON "invoices" USING btree ("org_id","ticket_id");--> statement-breakpoint
CREATE INDEX "invoices_reverses_idx" ON "invoices" USING btree ("org_id","reverses_id") WHERE reverses_id is not null;--> statement-breakpoint
CREATE INDEX "payments_ticket_idx" ON "payments" USING btree ("org_id","ticket_id","received_at");--> statement-breakpoint
CREATE INDEX "payments_received_idx" ON "payments" USING btree ("org_id","received_at");--> statement-breakpoint
CREATE INDEX "ticket_costs_ticket_idx" ON "ticket_costs" USING btree ("org_id","ticket_id");--> statement-breakpoint
CREATE INDEX "ticket_costs_pending_idx" ON "ticket_costs" USING btree ("org_id","entered_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "ticket_costs_entered_idx" ON "ticket_costs" USING btree ("org_id","entered_at","id");--> statement-breakpoint
CREATE INDEX "ticket_accounts_customer_owed_idx" ON "ticket_accounts" USING btree ("org_id","customer_id","charged_at","ticket_id") WHERE charged_fen > collected_fen;--> statement-breakpoint
CREATE INDEX "ticket_accounts_owed_idx" ON "ticket_accounts" USING btree ("org_id","charged_at","ticket_id") WHERE charged_fen > collected_fen;