#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace cg {

// What went wrong, as a value: callers show `message` to a person and branch on `code`.
enum class ErrorCode {
    InvalidInput,      // malformed text, code, file or request
    NotFound,          // no such case, user, grid, ...
    UnknownGrid,       // a unit grid code the store does not know
    UnknownClass,      // a catalogue key the catalogue does not know
    IllegalTransition, // the workflow does not allow this action in this state
    NotPermitted,      // the actor's role may not take this action
    OutOfScope,        // the case is outside the actor's jurisdiction or unit
    StaleVersion,      // the case changed since the caller read it
    Duplicate,         // a request that was already applied
    Storage,           // the database failed
    NotOurStore,       // the file or database is not a CityGrid store
    SchemaTooNew,      // the store was written by a newer CityGrid
    Corrupt,           // the store or a file is damaged
    Io,                // a file could not be read or written
    Cancelled,
};

struct Error
{
    ErrorCode code = ErrorCode::InvalidInput;
    QString message;
};

inline Error makeError(ErrorCode code, QString message)
{
    return Error{code, std::move(message)};
}

// A value or an error. Errors are values in CityGrid: no exceptions cross module boundaries.
template<typename T>
class [[nodiscard]] Result
{
public:
    Result(T value)
        : mData(std::in_place_index<0>, std::move(value))
    {}
    Result(Error error)
        : mData(std::in_place_index<1>, std::move(error))
    {}

    bool ok() const { return mData.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<0>(mData); }
    T &value() & { return std::get<0>(mData); }
    // By value, so that `for (auto &x : f().value())` does not dangle.
    T value() && { return std::get<0>(std::move(mData)); }
    const T *operator->() const { return &std::get<0>(mData); }
    T *operator->() { return &std::get<0>(mData); }
    const T &operator*() const { return std::get<0>(mData); }
    T &operator*() { return std::get<0>(mData); }

    const Error &error() const { return std::get<1>(mData); }
    ErrorCode errorCode() const { return error().code; }
    QString errorMessage() const { return ok() ? QString() : error().message; }

private:
    std::variant<T, Error> mData;
};

template<>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : mError(std::move(error))
    {}

    bool ok() const { return !mError.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *mError; }
    ErrorCode errorCode() const { return mError->code; }
    QString errorMessage() const { return ok() ? QString() : mError->message; }

private:
    std::optional<Error> mError;
};

using Status = Result<void>;

} // namespace cg
