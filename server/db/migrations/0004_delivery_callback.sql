ALTER TABLE "work_reports" ADD COLUMN "callback_explained" boolean;--> statement-breakpoint
ALTER TABLE "work_reports" ADD COLUMN "callback_note" text;--> statement-breakpoint
ALTER TABLE "work_reports" ADD COLUMN "callback_by" uuid;--> statement-breakpoint
ALTER TABLE "work_reports" ADD COLUMN "callback_at" timestamp with time zone;