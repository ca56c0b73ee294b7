mod storage;

super::category_rules! {
    no_migrations::NoMigrations,
    no_backup_procedure::NoBackupProcedure,
}
