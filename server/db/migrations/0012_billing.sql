CREATE TABLE "ticket_accounts" (
	"org_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"charged_fen" bigint DEFAULT 0 NOT NULL,
	"collected_fen" bigint DEFAULT 0 NOT NULL,
	"costs_fen" bigint DEFAULT 0 NOT NULL,
	"charged_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "ticket_accounts_org_id_ticket_id_pk" PRIMARY KEY("org_id","ticket_id")
);
--> statement-breakpoint
ALTER TABLE "ticket_accounts" ADD CONSTRAINT "ticket_accounts_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_accounts" ADD CONSTRAINT "ticket_accounts_org_id_customer_id_customers_org_id_id_fk" FOREIGN KEY ("org_id","customer_id") REFERENCES "public"."customers"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ticket_accounts_owed_idx" ON "ticket_accounts" USING btree ("org_id","charged_at") WHERE charged_fen <> collected_fen;--> statement-breakpoint
CREATE INDEX "ticket_accounts_customer_idx" ON "ticket_accounts" USING btree ("org_id","customer_id");