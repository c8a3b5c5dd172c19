#pragma once
// Assert that a statement throws a given exception type *and* message, like fmt's
// EXPECT_THROW_MSG (gtest-extra.h). (A copy of tests/core/text/expect_throw.hpp, which
// the text tests still include; keep the two alike until they are merged.)
// Usage:
//   EXPECT_THROW_MSG(parse("x"), samsyn::ValidationError, "bad input: x");      // whole what()
//   EXPECT_THROW_HAS(decode(png), samsyn::ImportError, "not a text file");      // part of what()
// ASSERT_THROW_MSG / ASSERT_THROW_HAS stop the test on failure.
#include <gtest/gtest.h>

#include <cxxabi.h>

#include <cstdlib>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <typeinfo>

namespace samsyn::test {

enum class MessageMatch { whole, part };

/// Describes the exception being handled, for a failure message.
inline std::string describe_current_exception() {
    try {
        throw;
    } catch (const std::exception& e) {
        int status = 0;
        const std::unique_ptr<char, decltype(&std::free)> name(
            abi::__cxa_demangle(typeid(e).name(), nullptr, nullptr, &status), &std::free);
        return std::string(status == 0 && name ? name.get() : typeid(e).name()) + " (\"" + e.what() + "\")";
    } catch (...) {
        return "an exception not derived from std::exception";
    }
}

/// Runs `statement` and checks that it throws `Expected` whose what() equals (or
/// contains) `message`. Other exception types are reported, not propagated.
template <class Expected, class Statement>
::testing::AssertionResult check_throw(Statement&& statement, const char* statement_text, const char* type_text,
                                       std::string_view message, MessageMatch match) {
    try {
        statement();
    } catch (const Expected& e) {
        const std::string_view what = e.what();
        const bool ok = match == MessageMatch::whole ? what == message : what.find(message) != std::string_view::npos;
        if (ok) return ::testing::AssertionSuccess();
        return ::testing::AssertionFailure()
               << statement_text << " threw " << type_text << " with message:\n  \"" << what << "\"\n"
               << (match == MessageMatch::whole ? "expected the message:\n  \"" : "expected it to contain:\n  \"")
               << message << "\"";
    } catch (...) {
        return ::testing::AssertionFailure() << statement_text << " was expected to throw " << type_text
                                             << " but threw " << describe_current_exception();
    }
    return ::testing::AssertionFailure() << statement_text << " was expected to throw " << type_text
                                         << " but threw nothing";
}

}  // namespace samsyn::test

#define SAMSYN_THROW_CHECK_(statement_, type_, text_, match_, on_failure_)                                  \
    do {                                                                                                            \
        if (const ::testing::AssertionResult samsyn_result_ = ::samsyn::test::check_throw<type_>(          \
                [&] { statement_; }, #statement_, #type_, (text_), match_);                                \
            !samsyn_result_)                                                                                        \
            on_failure_() << samsyn_result_.message();                                                              \
    } while (false)

#define EXPECT_THROW_MSG(statement, exception_type, message) \
    SAMSYN_THROW_CHECK_(statement, exception_type, message, ::samsyn::test::MessageMatch::whole, ADD_FAILURE)
#define EXPECT_THROW_HAS(statement, exception_type, fragment) \
    SAMSYN_THROW_CHECK_(statement, exception_type, fragment, ::samsyn::test::MessageMatch::part, ADD_FAILURE)
#define ASSERT_THROW_MSG(statement, exception_type, message) \
    SAMSYN_THROW_CHECK_(statement, exception_type, message, ::samsyn::test::MessageMatch::whole, GTEST_FAIL)
#define ASSERT_THROW_HAS(statement, exception_type, fragment) \
    SAMSYN_THROW_CHECK_(statement, exception_type, fragment, ::samsyn::test::MessageMatch::part, GTEST_FAIL)
