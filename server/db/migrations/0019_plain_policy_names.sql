-- The seeded policies' names no longer start with requirement codes; a policy renamed by its organisation keeps its name.
UPDATE "sla_policies" SET "name" = '紧急报修：立即派本部维修人员' WHERE "name" = 'R5 紧急报修：立即派本部维修人员';--> statement-breakpoint
UPDATE "sla_policies" SET "name" = '施工单位保修到场时限' WHERE "name" = 'R4 施工单位保修到场时限';--> statement-breakpoint
UPDATE "sla_policies" SET "name" = '设备系统：1 小时响应、2 小时到场、24 小时解决、备用机' WHERE "name" = 'E2/E3 设备系统：1 小时响应、2 小时到场、24 小时解决、备用机';--> statement-breakpoint
UPDATE "sla_policies" SET "name" = '家电维修热线：3 小时到场、电话解决后 3 小时回访' WHERE "name" = 'H3/H4 家电维修热线：3 小时到场、电话解决后 3 小时回访';--> statement-breakpoint
UPDATE "sla_policies" SET "name" = '售后服务中心：受理 4 小时内派工，派工 6 小时内完工' WHERE "name" = 'C1 售后服务中心：受理 4 小时内派工，派工 6 小时内完工';
