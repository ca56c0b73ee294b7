super::category_rules! {}
