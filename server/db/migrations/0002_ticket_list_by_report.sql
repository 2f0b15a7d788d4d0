ALTER TABLE "tickets" DROP CONSTRAINT "tickets_org_id_organisations_id_fk";
--> statement-breakpoint
DROP INDEX "tickets_org_created_idx";--> statement-breakpoint
DROP INDEX "tickets_org_status_created_idx";--> statement-breakpoint
DROP INDEX "tickets_org_assignee_idx";--> statement-breakpoint
DROP INDEX "tickets_org_customer_idx";--> statement-breakpoint
CREATE INDEX "tickets_org_reported_idx" ON "tickets" USING btree ("org_id","reported_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "tickets_org_status_reported_idx" ON "tickets" USING btree ("org_id","status","reported_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "tickets_org_assignee_idx" ON "tickets" USING btree ("org_id","assignee_id","reported_at" DESC NULLS LAST) WHERE assignee_id is not null;--> statement-breakpoint
CREATE INDEX "tickets_org_customer_idx" ON "tickets" USING btree ("org_id","customer_id","reported_at" DESC NULLS LAST);