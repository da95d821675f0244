#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/columnar/RecordBatch.h"
#include "sabot/columnar/Schema.h"
#include "sabot/compute/Cast.h"
#include "sabot/compute/Datum.h"
#include "sabot/compute/FunctionRegistry.h"

namespace sabot::compute {

using columnar::FieldPtr;
using columnar::RecordBatch;
using columnar::RecordBatchPtr;
using columnar::Schema;
using columnar::SchemaPtr;

/// An unbound, immutable expression tree: column references by name,
/// literals, and calls of registry functions. Cheap to copy (shared nodes).
///
///   Expression predicate = col("price") > lit(100);
///   Expression euros = (col("price") * lit(0.908)).alias("euros");
///   Expression name = call("lower", {col("name")});
///
/// Nothing is checked until bind(), which resolves names and types against a
/// schema. Note that the comparison operators build expressions; use
/// equals() to compare two expressions.
class Expression {
 public:
  enum class Kind : uint8_t { kColumn, kLiteral, kCall };

  Kind kind() const;
  bool isColumn() const { return kind() == Kind::kColumn; }
  bool isLiteral() const { return kind() == Kind::kLiteral; }
  bool isCall() const { return kind() == Kind::kCall; }

  /// Column references: the column name.
  const std::string& columnName() const;
  /// Literals: the value.
  const Scalar& literal() const;
  /// Calls: the function name, arguments and options (may be nullptr).
  const std::string& functionName() const;
  const std::vector<Expression>& arguments() const;
  const std::shared_ptr<const FunctionOptions>& options() const;

  /// The output name given with alias(), or empty.
  const std::string& aliasName() const;
  /// A copy named `name` (the field name a projection gives it).
  Expression alias(std::string name) const;

  /// "greater(price, 100)", "cast(x, float64)", "'abc'"; without the alias.
  std::string toString() const;
  /// Same structure, names, literals and options (aliases included).
  bool equals(const Expression& other) const;

  struct Node;
  explicit Expression(std::shared_ptr<const Node> node) : node_(std::move(node)) {}

 private:
  std::shared_ptr<const Node> node_;
};

/// A reference to the column called `name`.
Expression col(std::string name);
/// A literal; integers are int64, floating point values float64, text utf8.
Expression lit(Scalar value);
Expression lit(int value);
Expression lit(int64_t value);
Expression lit(double value);
Expression lit(bool value);
Expression lit(const char* value);
Expression lit(std::string value);
/// A call of registry function `name`.
Expression call(std::string name, std::vector<Expression> arguments,
                std::shared_ptr<const FunctionOptions> options = nullptr);
/// cast(expr AS type); see Cast.h for the conversions and `options`.
Expression cast(Expression expression, DataTypePtr to, CastOptions options = {});

Expression and_(Expression left, Expression right);
Expression or_(Expression left, Expression right);
Expression xor_(Expression left, Expression right);
Expression not_(Expression operand);
Expression isNull(Expression operand);
Expression isValid(Expression operand);

Expression operator==(Expression left, Expression right);
Expression operator!=(Expression left, Expression right);
Expression operator<(Expression left, Expression right);
Expression operator<=(Expression left, Expression right);
Expression operator>(Expression left, Expression right);
Expression operator>=(Expression left, Expression right);
Expression operator+(Expression left, Expression right);
Expression operator-(Expression left, Expression right);
Expression operator*(Expression left, Expression right);
Expression operator/(Expression left, Expression right);
Expression operator-(Expression operand);
/// Kleene and/or/not (no short-circuit: both sides are always evaluated).
Expression operator&&(Expression left, Expression right);
Expression operator||(Expression left, Expression right);
Expression operator!(Expression operand);

/// The options of the "cast" function.
class CastFunctionOptions final : public FunctionOptions {
 public:
  CastFunctionOptions(DataTypePtr to, CastOptions options) : to_(std::move(to)), options_(options) {}
  const DataTypePtr& to() const { return to_; }
  const CastOptions& castOptions() const { return options_; }
  std::string toString() const override;
  bool equals(const FunctionOptions& other) const override;

 private:
  DataTypePtr to_;
  CastOptions options_;
};

/// An expression resolved against a schema: every column has an index and
/// a type, every call a kernel and an output type, literal-only calls are
/// folded, and literals are adapted to the columns they meet. Evaluating it
/// cannot fail on types, only on values (overflow, division by zero, ...).
class BoundExpression {
 public:
  struct Node;

  /// The type evaluate() returns.
  const DataTypePtr& type() const;
  /// The output name: the alias, else the column name, else toString().
  const std::string& name() const;
  /// name() and type() as a field (nullable unless a non-null column/literal).
  FieldPtr field() const;
  std::string toString() const;
  /// Indices of the input columns the expression reads, ascending.
  std::vector<int> referencedColumns() const;

  explicit BoundExpression(std::shared_ptr<const Node> node) : node_(std::move(node)) {}
  const Node& node() const { return *node_; }

 private:
  std::shared_ptr<const Node> node_;
};

/// Resolves `expression` against `schema`: unknown columns are a KeyError
/// naming the known ones, unknown functions a KeyError, a wrong argument
/// count Invalid, and type mismatches a TypeError such as "cannot compare
/// utf8 column 'name' with int64 literal 5".
Result<BoundExpression> bind(const Expression& expression, const Schema& schema,
                             const FunctionRegistry* registry = FunctionRegistry::defaultRegistry());

/// The expression over every row of `batch` (which must have the schema it
/// was bound to). A result that is constant is broadcast to numRows rows.
Result<Array> evaluate(const BoundExpression& expression, const RecordBatch& batch,
                       MemoryPool* pool = MemoryPool::defaultPool());
/// evaluate() over the columns of a batch given directly. Entries the
/// expression does not read may be empty Arrays; `numRows` sizes a constant
/// result.
Result<Array> evaluate(const BoundExpression& expression, const std::vector<Array>& columns, int64_t numRows,
                       MemoryPool* pool = MemoryPool::defaultPool());
/// evaluate() that keeps a constant result as a Scalar.
Result<Datum> evaluateDatum(const BoundExpression& expression, const RecordBatch& batch,
                            MemoryPool* pool = MemoryPool::defaultPool());

/// A list of expressions bound to one input schema, producing batches of
/// their output schema (one column per expression, named by name()).
class Projection {
 public:
  static Result<Projection> make(const std::vector<Expression>& expressions, const Schema& inputSchema,
                                 const FunctionRegistry* registry = FunctionRegistry::defaultRegistry());

  const SchemaPtr& outputSchema() const { return outputSchema_; }
  const std::vector<BoundExpression>& expressions() const { return expressions_; }

  /// Input columns read by any of the expressions, ascending.
  const std::vector<int>& referencedColumns() const { return referencedColumns_; }

  Result<RecordBatchPtr> project(const RecordBatch& batch,
                                 MemoryPool* pool = MemoryPool::defaultPool()) const;
  /// project() of the rows of `batch` where `mask` is true (null drops the
  /// row, as filter() does). Only the columns the expressions read are
  /// filtered, which is what makes a fused filter + project cheap.
  Result<RecordBatchPtr> filterAndProject(const RecordBatch& batch, const Array& mask,
                                          MemoryPool* pool = MemoryPool::defaultPool()) const;

 private:
  Projection(std::vector<BoundExpression> expressions, SchemaPtr outputSchema, std::vector<int> referencedColumns)
      : expressions_(std::move(expressions)),
        outputSchema_(std::move(outputSchema)),
        referencedColumns_(std::move(referencedColumns)) {}
  Result<RecordBatchPtr> projectColumns(const std::vector<Array>& columns, int64_t numRows,
                                        MemoryPool* pool) const;

  std::vector<BoundExpression> expressions_;
  SchemaPtr outputSchema_;
  std::vector<int> referencedColumns_;
};

}  // namespace sabot::compute
