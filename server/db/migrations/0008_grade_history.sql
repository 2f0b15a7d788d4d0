CREATE TABLE "user_grade_changes" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"effective_on" date NOT NULL,
	"grade" text,
	"employment_status" text,
	"note" text,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "user_grade_changes_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "user_grade_changes" ADD CONSTRAINT "user_grade_changes_org_id_user_id_users_org_id_id_fk" FOREIGN KEY ("org_id","user_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "user_grade_changes_org_user_idx" ON "user_grade_changes" USING btree ("org_id","user_id","effective_on");--> statement-breakpoint
-- Grades recorded before the history existed count from the day their user was made.
INSERT INTO "user_grade_changes" ("org_id", "id", "user_id", "effective_on", "grade", "employment_status", "recorded_at")
SELECT u."org_id", gen_random_uuid(), u."id", (u."created_at" AT TIME ZONE o."time_zone")::date, u."grade", u."employment_status", u."created_at"
FROM "users" u JOIN "organisations" o ON o."id" = u."org_id"
WHERE u."grade" IS NOT NULL OR u."employment_status" IS NOT NULL;
