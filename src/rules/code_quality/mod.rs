mod comment_scan;

super::category_rules! {
    todo_comment::TodoComment,
    placeholder_implementation::PlaceholderImplementation,
    stub_implementation::StubImplementation,
}
