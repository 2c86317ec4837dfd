// The one exception hierarchy of the client. Every hiredis error and every error reply is turned
// into one of these by a single function (src/error_translation.cc); messages name the command
// and the endpoint, e.g. "SET on 127.0.0.1:6379/0: OOM command not allowed when used memory > ...".
#pragma once

#include <stdexcept>
#include <string>

namespace redis_testkit::client {

// Base of everything the client throws.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The connection failed: refused, reset, unreachable. The connection is unusable afterwards.
class IoError : public Error {
 public:
  using Error::Error;
};

// Connect or command did not complete within its timeout.
class TimeoutError : public IoError {
 public:
  using IoError::IoError;
};

// The server closed the connection (EOF), or the Connection was moved from / closed.
class ClosedError : public IoError {
 public:
  using IoError::IoError;
};

// The server answered with an error reply (-ERR ...). The connection stays usable.
class ReplyError : public Error {
 public:
  using Error::Error;
};

// "-OOM command not allowed when used memory > 'maxmemory'".
class OomError : public ReplyError {
 public:
  using ReplyError::ReplyError;
};

// "-NOSCRIPT No matching script": EVALSHA of a script the server does not hold.
class NoScriptError : public ReplyError {
 public:
  using ReplyError::ReplyError;
};

}  // namespace redis_testkit::client
