#include "sabot/compute/Expression.h"

#include <fmt/format.h>

#include <algorithm>

#include "sabot/compute/Selection.h"

namespace sabot::compute {

// ------------------------------------------------------------- Expression

struct Expression::Node {
  Kind kind;
  std::string name;  // column or function name
  Scalar literal;
  std::vector<Expression> arguments;
  std::shared_ptr<const FunctionOptions> options;
  std::string alias;
};

Expression::Kind Expression::kind() const { return node_->kind; }
const std::string& Expression::columnName() const { return node_->name; }
const Scalar& Expression::literal() const { return node_->literal; }
const std::string& Expression::functionName() const { return node_->name; }
const std::vector<Expression>& Expression::arguments() const { return node_->arguments; }
const std::shared_ptr<const FunctionOptions>& Expression::options() const { return node_->options; }
const std::string& Expression::aliasName() const { return node_->alias; }

Expression Expression::alias(std::string name) const {
  auto copy = std::make_shared<Node>(*node_);
  copy->alias = std::move(name);
  return Expression(std::move(copy));
}

std::string Expression::toString() const {
  switch (kind()) {
    case Kind::kColumn: return node_->name;
    case Kind::kLiteral: return node_->literal.toString();
    case Kind::kCall: break;
  }
  std::string out = node_->name + "(";
  for (size_t i = 0; i < node_->arguments.size(); ++i) {
    if (i > 0) out += ", ";
    out += node_->arguments[i].toString();
  }
  if (node_->options) out += (node_->arguments.empty() ? "" : ", ") + node_->options->toString();
  return out + ")";
}

bool Expression::equals(const Expression& other) const {
  const Node& a = *node_;
  const Node& b = *other.node_;
  if (a.kind != b.kind || a.name != b.name || a.alias != b.alias) return false;
  if (a.kind == Kind::kLiteral && !a.literal.equals(b.literal)) return false;
  if (a.arguments.size() != b.arguments.size()) return false;
  for (size_t i = 0; i < a.arguments.size(); ++i) {
    if (!a.arguments[i].equals(b.arguments[i])) return false;
  }
  if ((a.options == nullptr) != (b.options == nullptr)) return false;
  return a.options == nullptr || a.options->equals(*b.options);
}

Expression col(std::string name) {
  return Expression(std::make_shared<Expression::Node>(
      Expression::Node{Expression::Kind::kColumn, std::move(name), Scalar(), {}, nullptr, {}}));
}

Expression lit(Scalar value) {
  return Expression(std::make_shared<Expression::Node>(
      Expression::Node{Expression::Kind::kLiteral, {}, std::move(value), {}, nullptr, {}}));
}
Expression lit(int value) { return lit(Scalar::int64(value)); }
Expression lit(int64_t value) { return lit(Scalar::int64(value)); }
Expression lit(double value) { return lit(Scalar::float64(value)); }
Expression lit(bool value) { return lit(Scalar::boolean(value)); }
Expression lit(const char* value) { return lit(Scalar::utf8(value)); }
Expression lit(std::string value) { return lit(Scalar::utf8(value)); }

Expression call(std::string name, std::vector<Expression> arguments,
                std::shared_ptr<const FunctionOptions> options) {
  return Expression(std::make_shared<Expression::Node>(Expression::Node{
      Expression::Kind::kCall, std::move(name), Scalar(), std::move(arguments), std::move(options), {}}));
}

Expression cast(Expression expression, DataTypePtr to, CastOptions options) {
  return call("cast", {std::move(expression)}, std::make_shared<CastFunctionOptions>(std::move(to), options));
}

Expression and_(Expression left, Expression right) { return call("and", {std::move(left), std::move(right)}); }
Expression or_(Expression left, Expression right) { return call("or", {std::move(left), std::move(right)}); }
Expression xor_(Expression left, Expression right) { return call("xor", {std::move(left), std::move(right)}); }
Expression not_(Expression operand) { return call("not", {std::move(operand)}); }
Expression isNull(Expression operand) { return call("is_null", {std::move(operand)}); }
Expression isValid(Expression operand) { return call("is_valid", {std::move(operand)}); }

#define SABOT_BINARY_OPERATOR(OP, NAME)                      \
  Expression operator OP(Expression left, Expression right) { \
    return call(NAME, {std::move(left), std::move(right)});  \
  }
SABOT_BINARY_OPERATOR(==, "equal")
SABOT_BINARY_OPERATOR(!=, "not_equal")
SABOT_BINARY_OPERATOR(<, "less")
SABOT_BINARY_OPERATOR(<=, "less_equal")
SABOT_BINARY_OPERATOR(>, "greater")
SABOT_BINARY_OPERATOR(>=, "greater_equal")
SABOT_BINARY_OPERATOR(+, "add")
SABOT_BINARY_OPERATOR(-, "subtract")
SABOT_BINARY_OPERATOR(*, "multiply")
SABOT_BINARY_OPERATOR(/, "divide")
SABOT_BINARY_OPERATOR(&&, "and")
SABOT_BINARY_OPERATOR(||, "or")
#undef SABOT_BINARY_OPERATOR

Expression operator-(Expression operand) { return call("negate", {std::move(operand)}); }
Expression operator!(Expression operand) { return not_(std::move(operand)); }

std::string CastFunctionOptions::toString() const {
  return to_->toString() + (options_.safe ? "" : " unsafe");
}

bool CastFunctionOptions::equals(const FunctionOptions& other) const {
  const auto* cast = dynamic_cast<const CastFunctionOptions*>(&other);
  return cast != nullptr && cast->to_->equals(*to_) && cast->options_.safe == options_.safe;
}

// -------------------------------------------------------- BoundExpression

struct BoundExpression::Node {
  Expression::Kind kind;
  DataTypePtr type;
  std::string name;  // output name
  std::string text;  // toString()
  bool nullable = true;
  int fieldIndex = -1;
  Scalar literal;
  std::shared_ptr<const Function> function;
  std::shared_ptr<const FunctionOptions> options;
  std::vector<std::shared_ptr<const Node>> arguments;
};

const DataTypePtr& BoundExpression::type() const { return node_->type; }
const std::string& BoundExpression::name() const { return node_->name; }
std::string BoundExpression::toString() const { return node_->text; }
FieldPtr BoundExpression::field() const { return columnar::field(node_->name, node_->type, node_->nullable); }

namespace {

using BoundNode = BoundExpression::Node;
using BoundNodePtr = std::shared_ptr<const BoundNode>;

std::string describe(const BoundNode& node) {
  switch (node.kind) {
    case Expression::Kind::kColumn: return fmt::format("{} column '{}'", node.type->toString(), node.text);
    case Expression::Kind::kLiteral: return fmt::format("{} literal {}", node.type->toString(), node.text);
    case Expression::Kind::kCall: break;
  }
  return fmt::format("{} expression {}", node.type->toString(), node.text);
}

std::string arityText(const Function& function) {
  auto plural = [](int n) { return n == 1 ? "argument" : "arguments"; };
  if (function.maxArguments < 0) {
    return fmt::format("at least {} {}", function.minArguments, plural(function.minArguments));
  }
  if (function.minArguments == function.maxArguments) {
    return fmt::format("{} {}", function.minArguments, plural(function.minArguments));
  }
  return fmt::format("{} to {} arguments", function.minArguments, function.maxArguments);
}

Result<Datum> evaluateNode(const BoundNode& node, const std::vector<Array>& columns, MemoryPool* pool);

/// Runs the kernel of a call node on evaluated arguments. Arguments that are
/// all scalars (only in constant folding) run as one-row arrays.
Result<Datum> runCall(const BoundNode& node, std::vector<Datum> arguments, MemoryPool* pool) {
  bool anyArray = false;
  for (const Datum& argument : arguments) anyArray |= argument.isArray();
  if (!anyArray) {
    for (Datum& argument : arguments) {
      SABOT_ASSIGN_OR_RAISE(Array one, argument.scalar().toArray(1, pool));
      argument = Datum(std::move(one));
    }
  }
  auto result = node.function->kernel(arguments, node.options.get(), pool);
  if (!result.ok()) return result.status().withContext("{}", node.text);
  if (!anyArray) return Datum(Scalar::fromArray(*result, 0));
  return Datum(std::move(*result));
}

Result<BoundNodePtr> bindNode(const Expression& expression, const Schema& schema,
                              const FunctionRegistry& registry) {
  auto node = std::make_shared<BoundNode>();
  node->kind = expression.kind();
  node->text = expression.toString();
  switch (expression.kind()) {
    case Expression::Kind::kColumn: {
      SABOT_ASSIGN_OR_RAISE(node->fieldIndex, schema.requireFieldIndex(expression.columnName()));
      const auto& field = schema.field(node->fieldIndex);
      node->type = field->type();
      node->nullable = field->nullable();
      node->name = expression.aliasName().empty() ? field->name() : expression.aliasName();
      return BoundNodePtr(std::move(node));
    }
    case Expression::Kind::kLiteral:
      node->literal = expression.literal();
      node->type = node->literal.type();
      node->nullable = node->literal.isNull();
      node->name = expression.aliasName().empty() ? node->text : expression.aliasName();
      return BoundNodePtr(std::move(node));
    case Expression::Kind::kCall: break;
  }
  node->name = expression.aliasName().empty() ? node->text : expression.aliasName();
  node->function = registry.find(expression.functionName());
  if (!node->function) {
    return Status::keyError("unknown function '{}' in {}", expression.functionName(), node->text);
  }
  const Function& function = *node->function;
  const int count = static_cast<int>(expression.arguments().size());
  if (count < function.minArguments || (function.maxArguments >= 0 && count > function.maxArguments)) {
    return Status::invalid("function '{}' takes {}, got {} in {}", function.name, arityText(function), count,
                           node->text);
  }
  node->options = expression.options();
  std::vector<ArgumentInfo> infos;
  bool allLiterals = true;
  for (const Expression& argument : expression.arguments()) {
    SABOT_ASSIGN_OR_RAISE(BoundNodePtr bound, bindNode(argument, schema, registry));
    const bool isLiteral = bound->kind == Expression::Kind::kLiteral;
    allLiterals &= isLiteral;
    node->arguments.push_back(std::move(bound));
  }
  for (const BoundNodePtr& argument : node->arguments) {
    const bool isLiteral = argument->kind == Expression::Kind::kLiteral;
    infos.push_back(ArgumentInfo{argument->type, isLiteral ? &argument->literal : nullptr, describe(*argument)});
  }
  SABOT_ASSIGN_OR_RAISE(ResolvedCall resolved, function.resolve(infos, node->options.get()));
  node->type = resolved.outputType;
  // Literals take the types the resolver chose for them, once, here.
  for (size_t i = 0; i < resolved.literalTypes.size() && i < node->arguments.size(); ++i) {
    const DataTypePtr& target = resolved.literalTypes[i];
    const BoundNodePtr& argument = node->arguments[i];
    if (!target || argument->kind != Expression::Kind::kLiteral || argument->type->equals(*target)) continue;
    auto converted = cast(argument->literal, target);
    if (!converted.ok()) {
      return Status::typeError("cannot use {} as {}: {}", describe(*argument), target->toString(),
                               converted.status().message());
    }
    auto adapted = std::make_shared<BoundNode>(*argument);
    adapted->literal = std::move(*converted);
    adapted->type = target;
    node->arguments[i] = std::move(adapted);
  }
  if (allLiterals) {
    // Constant folding: evaluate now, so the error (1 / 0) shows at plan time
    // and batches never redo the work.
    std::vector<Datum> arguments;
    for (const BoundNodePtr& argument : node->arguments) arguments.emplace_back(argument->literal);
    SABOT_ASSIGN_OR_RAISE(Datum value, runCall(*node, std::move(arguments), MemoryPool::defaultPool()));
    auto folded = std::make_shared<BoundNode>();
    folded->kind = Expression::Kind::kLiteral;
    folded->literal = value.scalar();
    folded->type = node->type;
    folded->text = folded->literal.toString();
    folded->name = node->name;
    folded->nullable = folded->literal.isNull();
    return BoundNodePtr(std::move(folded));
  }
  return BoundNodePtr(std::move(node));
}

Result<Datum> evaluateNode(const BoundNode& node, const std::vector<Array>& columns, MemoryPool* pool) {
  switch (node.kind) {
    case Expression::Kind::kColumn: {
      const auto index = static_cast<size_t>(node.fieldIndex);
      if (index >= columns.size() || !columns[index].valid() || !columns[index].type()->equals(*node.type)) {
        return Status::invalid("the batch does not match the schema {} was bound to: column {} is {}", node.text,
                               node.fieldIndex,
                               index < columns.size() && columns[index].valid() ? columns[index].type()->toString()
                                                                                : std::string("missing"));
      }
      return Datum(columns[index]);
    }
    case Expression::Kind::kLiteral: return Datum(node.literal);
    case Expression::Kind::kCall: break;
  }
  std::vector<Datum> arguments;
  arguments.reserve(node.arguments.size());
  for (const BoundNodePtr& argument : node.arguments) {
    SABOT_ASSIGN_OR_RAISE(Datum value, evaluateNode(*argument, columns, pool));
    arguments.push_back(std::move(value));
  }
  return runCall(node, std::move(arguments), pool);
}

void collectColumns(const BoundNode& node, std::vector<int>& out) {
  if (node.kind == Expression::Kind::kColumn) out.push_back(node.fieldIndex);
  for (const BoundNodePtr& argument : node.arguments) collectColumns(*argument, out);
}

std::vector<int> sortedUnique(std::vector<int> values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  return values;
}

}  // namespace

Result<BoundExpression> bind(const Expression& expression, const Schema& schema,
                             const FunctionRegistry* registry) {
  SABOT_ASSIGN_OR_RAISE(BoundNodePtr node, bindNode(expression, schema, *registry));
  return BoundExpression(std::move(node));
}

Result<Datum> evaluateDatum(const BoundExpression& expression, const RecordBatch& batch, MemoryPool* pool) {
  return evaluateNode(expression.node(), batch.columns(), pool);
}

Result<Array> evaluate(const BoundExpression& expression, const std::vector<Array>& columns, int64_t numRows,
                       MemoryPool* pool) {
  SABOT_ASSIGN_OR_RAISE(Datum value, evaluateNode(expression.node(), columns, pool));
  if (value.isScalar()) return value.scalar().toArray(numRows, pool);
  return value.array();
}

Result<Array> evaluate(const BoundExpression& expression, const RecordBatch& batch, MemoryPool* pool) {
  return evaluate(expression, batch.columns(), batch.numRows(), pool);
}

std::vector<int> BoundExpression::referencedColumns() const {
  std::vector<int> out;
  collectColumns(*node_, out);
  return sortedUnique(std::move(out));
}

// ------------------------------------------------------------- Projection

Result<Projection> Projection::make(const std::vector<Expression>& expressions, const Schema& inputSchema,
                                    const FunctionRegistry* registry) {
  std::vector<BoundExpression> bound;
  std::vector<FieldPtr> fields;
  std::vector<int> referenced;
  for (const Expression& expression : expressions) {
    SABOT_ASSIGN_OR_RAISE(BoundExpression one, bind(expression, inputSchema, registry));
    fields.push_back(one.field());
    for (int column : one.referencedColumns()) referenced.push_back(column);
    bound.push_back(std::move(one));
  }
  return Projection(std::move(bound), columnar::schema(std::move(fields)), sortedUnique(std::move(referenced)));
}

Result<RecordBatchPtr> Projection::projectColumns(const std::vector<Array>& columns, int64_t numRows,
                                                  MemoryPool* pool) const {
  std::vector<Array> outputs;
  outputs.reserve(expressions_.size());
  for (const BoundExpression& expression : expressions_) {
    SABOT_ASSIGN_OR_RAISE(Array column, evaluate(expression, columns, numRows, pool));
    outputs.push_back(std::move(column));
  }
  return std::make_shared<const RecordBatch>(outputSchema_, numRows, std::move(outputs));
}

Result<RecordBatchPtr> Projection::project(const RecordBatch& batch, MemoryPool* pool) const {
  return projectColumns(batch.columns(), batch.numRows(), pool);
}

Result<RecordBatchPtr> Projection::filterAndProject(const RecordBatch& batch, const Array& mask,
                                                    MemoryPool* pool) const {
  if (mask.typeId() != TypeId::kBool || mask.length() != batch.numRows()) {
    return Status::invalid("filterAndProject: the mask must be a bool array of {} rows, got {} of {} rows",
                           batch.numRows(), mask.type()->toString(), mask.length());
  }
  // Only the columns the expressions read are filtered.
  std::vector<Array> needed(static_cast<size_t>(batch.numColumns()));
  for (int column : referencedColumns_) {
    if (column < batch.numColumns()) needed[static_cast<size_t>(column)] = batch.column(column);
  }
  SABOT_ASSIGN_OR_RAISE(std::vector<Array> filtered, filterColumns(needed, mask, pool));
  int64_t rows = 0;
  if (!referencedColumns_.empty() && referencedColumns_[0] < batch.numColumns()) {
    rows = filtered[static_cast<size_t>(referencedColumns_[0])].length();
  } else {
    SABOT_ASSIGN_OR_RAISE(std::vector<int64_t> selected, selectionIndices(mask));
    rows = static_cast<int64_t>(selected.size());
  }
  return projectColumns(filtered, rows, pool);
}

}  // namespace sabot::compute
