// Tests for the error hierarchy (src/core/base/error.hpp): what() names the file or object,
// path() and id() give it to a front end exactly.
#include "core/base/error.hpp"

#include <gtest/gtest.h>

#include <exception>
#include <string>

namespace samsyn {
namespace {

TEST(error, a_file_error_names_the_file_in_what_and_keeps_its_path) {
    const ImportError e(std::filesystem::path("/hem/intervju.docx"), "not a Word document");
    EXPECT_STREQ(e.what(), "/hem/intervju.docx: not a Word document");
    ASSERT_TRUE(e.path());
    EXPECT_EQ(*e.path(), "/hem/intervju.docx");
    EXPECT_FALSE(e.id());
}

TEST(error, a_latin1_path_is_shown_as_utf8_and_kept_as_its_bytes) {
    const std::filesystem::path latin1 = "/hem/l\xE5n.txt";
    const StoreError e(latin1, "no such project file");
    EXPECT_STREQ(e.what(), "/hem/lån.txt: no such project file");
    ASSERT_TRUE(e.path());
    EXPECT_EQ(e.path()->native(), "/hem/l\xE5n.txt");
}

TEST(error, an_object_error_keeps_its_kind_and_id) {
    const ValidationError e(ObjectId{ObjectKind::quote, 7}, "no quote with id 7");
    EXPECT_STREQ(e.what(), "no quote with id 7");
    EXPECT_EQ(e.id(), (ObjectId{ObjectKind::quote, 7}));
    EXPECT_FALSE(e.path());
    EXPECT_EQ(kind_name(e.id()->kind), "quote");
}

TEST(error, a_message_alone_concerns_nothing_in_particular) {
    const Error e("the project is closing");
    EXPECT_STREQ(e.what(), "the project is closing");
    EXPECT_FALSE(e.path());
    EXPECT_FALSE(e.id());
}

TEST(error, subtypes_take_the_same_constructors_and_copies_keep_path_and_id) {
    const LockedError locked(std::filesystem::path("p.samsyn"), "project is open elsewhere");
    const StoreError& as_store = locked;
    const StoreError copy = as_store;  // sliced, as a catch by value would
    ASSERT_TRUE(copy.path());
    EXPECT_EQ(*copy.path(), "p.samsyn");
    const IndexDamagedError damaged(std::filesystem::path("p.samsyn.index"), "the index is damaged");
    EXPECT_STREQ(damaged.what(), "p.samsyn.index: the index is damaged");
    try {
        std::rethrow_exception(std::make_exception_ptr(damaged));
    } catch (const IndexError& e) {
        ASSERT_TRUE(e.path());
        EXPECT_EQ(*e.path(), "p.samsyn.index");
    }
}

TEST(error, a_rewritten_message_keeps_what_the_error_concerned) {
    const StoreError first(std::filesystem::path("p.samsyn"), "the disk is full");
    const StoreError longer(std::string(first.what()) + "; 3 of 8 files were stored before", first.path(), first.id());
    EXPECT_STREQ(longer.what(), "p.samsyn: the disk is full; 3 of 8 files were stored before");
    ASSERT_TRUE(longer.path());
    EXPECT_EQ(*longer.path(), "p.samsyn");
}

}  // namespace
}  // namespace samsyn
