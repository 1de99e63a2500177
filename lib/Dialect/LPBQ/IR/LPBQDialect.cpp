//===- LPBQDialect.cpp - LPBQ dialect, attributes, types and ops ----------===//

#include "lpbq/Dialect/LPBQ/IR/LPBQ.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <cstdio>
#include <cstring>

using namespace mlir;
using namespace mlir::lpbq;

#include "lpbq/Dialect/LPBQ/IR/LPBQOpsDialect.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "lpbq/Dialect/LPBQ/IR/LPBQOpsAttrs.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "lpbq/Dialect/LPBQ/IR/LPBQOpsTypes.cpp.inc"

#define GET_OP_CLASSES
#include "lpbq/Dialect/LPBQ/IR/LPBQOps.cpp.inc"

void LPBQDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "lpbq/Dialect/LPBQ/IR/LPBQOpsAttrs.cpp.inc"
      >();
  addTypes<
#define GET_TYPEDEF_LIST
#include "lpbq/Dialect/LPBQ/IR/LPBQOpsTypes.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "lpbq/Dialect/LPBQ/IR/LPBQOps.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// Axis lists
//===----------------------------------------------------------------------===//

FailureOr<SmallVector<int64_t>> mlir::lpbq::parseAxisList(AsmParser &parser) {
  SmallVector<int64_t> axes;
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&] {
        int64_t v;
        if (parser.parseInteger(v))
          return failure();
        axes.push_back(v);
        return success();
      }))
    return failure();
  return axes;
}

void mlir::lpbq::printAxisList(AsmPrinter &printer, ArrayRef<int64_t> axes) {
  printer << '[';
  llvm::interleaveComma(axes, printer);
  printer << ']';
}

//===----------------------------------------------------------------------===//
// EncodingAttr
//===----------------------------------------------------------------------===//

core::Params EncodingAttr::toCoreParams() const {
  core::Params p;
  p.bitwidth = static_cast<int>(getBitwidth());
  p.decompressedBitwidth = static_cast<int>(getDecompressedBitwidth());
  p.blockSize = getBlockSize();
  p.blockGrouping = getBlockGrouping();
  p.channelAxis = static_cast<int>(getChannelAxis());
  p.blockAxis = static_cast<int>(getBlockAxis());
  for (int64_t a : getBatchAxes())
    p.batchAxes.push_back(static_cast<int>(a));
  p.scheme =
      core::parseScheme(getScheme().str()).value_or(core::Scheme::AimetTorch);
  return p;
}

LogicalResult EncodingAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                   int64_t bitwidth,
                                   int64_t decompressedBitwidth,
                                   int64_t blockSize, int64_t blockGrouping,
                                   int64_t channelAxis, int64_t blockAxis,
                                   ArrayRef<int64_t> batchAxes,
                                   StringRef scheme) {
  if (bitwidth < 2 || bitwidth > 8)
    return emitError() << "expected bitwidth in [2, 8], found " << bitwidth;
  if (decompressedBitwidth <= bitwidth || decompressedBitwidth > 16)
    return emitError() << "expected decompressed_bitwidth greater than the "
                          "bitwidth ("
                       << bitwidth << ") and at most 16, found "
                       << decompressedBitwidth;
  if (blockSize < 1)
    return emitError() << "expected block_size >= 1, found " << blockSize;
  if (blockGrouping != -1 && blockGrouping < 1)
    return emitError() << "expected block_grouping -1 or >= 1, found "
                       << blockGrouping;
  if (channelAxis < 0)
    return emitError() << "expected a non-negative channel_axis, found "
                       << channelAxis;
  if (blockAxis < 0)
    return emitError() << "expected a non-negative block_axis, found "
                       << blockAxis;
  if (channelAxis == blockAxis)
    return emitError() << "expected distinct channel_axis and block_axis, "
                          "both are "
                       << blockAxis;
  SmallVector<int64_t> seen = {channelAxis, blockAxis};
  for (int64_t a : batchAxes) {
    if (a < 0)
      return emitError() << "expected non-negative batch_axes, found " << a;
    if (llvm::is_contained(seen, a))
      return emitError() << "expected batch_axes distinct from each other and "
                            "from the channel and block axes, found "
                         << a << " twice";
    seen.push_back(a);
  }
  if (!core::parseScheme(scheme.str()))
    return emitError() << "expected scheme \"aimet-torch\", \"aimet-onnx\" or "
                          "\"executorch\", found \""
                       << scheme << "\"";
  return success();
}

LogicalResult EncodingAttr::computeLayout(
    ArrayRef<int64_t> shape, core::Layout &layout,
    function_ref<InFlightDiagnostic()> emitError) const {
  int64_t rank = shape.size();
  auto checkAxis = [&](StringRef name, int64_t axis) -> LogicalResult {
    if (axis >= rank)
      return emitError() << "expected " << name << " in [0, " << rank
                         << ") for a weight of rank " << rank << ", found "
                         << axis;
    return success();
  };
  if (failed(checkAxis("channel_axis", getChannelAxis())) ||
      failed(checkAxis("block_axis", getBlockAxis())))
    return failure();
  for (int64_t a : getBatchAxes())
    if (failed(checkAxis("batch_axes", a)))
      return failure();
  int64_t k = shape[getBlockAxis()];
  if (k % getBlockSize() != 0)
    return emitError() << "expected block axis " << getBlockAxis() << " (size "
                       << k << ") to be divisible by block_size "
                       << getBlockSize();
  int64_t blocks = k / getBlockSize();
  if (getBlockGrouping() != -1 && blocks % getBlockGrouping() != 0)
    return emitError() << "expected the number of blocks (" << blocks
                       << ") to be divisible by block_grouping "
                       << getBlockGrouping();
  core::Status st = core::computeLayout(
      std::vector<int64_t>(shape.begin(), shape.end()), toCoreParams(), layout);
  if (!st)
    return emitError() << st.message;
  return success();
}

//===----------------------------------------------------------------------===//
// WeightType
//===----------------------------------------------------------------------===//

LogicalResult WeightType::verify(function_ref<InFlightDiagnostic()> emitError,
                                 RankedTensorType tensorType,
                                 EncodingAttr encoding) {
  if (!tensorType.hasStaticShape())
    return emitError() << "expected a statically shaped weight, found "
                       << tensorType;
  if (!tensorType.getElementType().isF32())
    return emitError() << "expected an f32 weight, found element type "
                       << tensorType.getElementType();
  if (tensorType.getRank() < 2)
    return emitError() << "expected a weight of rank >= 2, found rank "
                       << tensorType.getRank();
  for (int64_t d : tensorType.getShape())
    if (d == 0)
      return emitError() << "expected a non-empty weight, found " << tensorType;
  // Element, byte and bit counts must fit int64_t.
  int64_t elements = 1;
  for (int64_t d : tensorType.getShape()) {
    if (d > core::kMaxElements / elements)
      return emitError() << "expected a weight of at most "
                         << core::kMaxElements << " elements, found "
                         << tensorType;
    elements *= d;
  }
  core::Layout layout;
  return encoding.computeLayout(tensorType.getShape(), layout, emitError);
}

core::Layout WeightType::getLayout() const {
  core::Layout layout;
  ArrayRef<int64_t> shape = getTensorType().getShape();
  (void)core::computeLayout(std::vector<int64_t>(shape.begin(), shape.end()),
                            getEncoding().toCoreParams(), layout);
  return layout;
}

SmallVector<int64_t> WeightType::getIntScalesShape() const {
  std::vector<int64_t> s = getLayout().blockScaleShape();
  return SmallVector<int64_t>(s.begin(), s.end());
}

SmallVector<int64_t> WeightType::getScalesShape() const {
  std::vector<int64_t> s = getLayout().groupScaleShape();
  return SmallVector<int64_t>(s.begin(), s.end());
}

int64_t WeightType::getPackedSize() const {
  return core::packedSize(getTensorType().getNumElements(),
                          getEncoding().getBitwidth());
}

//===----------------------------------------------------------------------===//
// Payload helpers
//===----------------------------------------------------------------------===//

FailureOr<RawElements> mlir::lpbq::getRawElements(ElementsAttr attr) {
  if (auto dense = dyn_cast<DenseIntOrFPElementsAttr>(attr)) {
    // i1 is bit-packed in DenseElementsAttr; no payload here uses it.
    if (dense.getElementType().isInteger(1))
      return failure();
    return RawElements{dense.getRawData(), dense.isSplat()};
  }
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return failure();
    return RawElements{blob->getData(), false};
  }
  return failure();
}

static std::string shapeStr(ArrayRef<int64_t> shape) {
  std::string s;
  llvm::raw_string_ostream os(s);
  llvm::interleave(shape, os, "x");
  return s;
}

LogicalResult
mlir::lpbq::verifyWeightPayloads(function_ref<InFlightDiagnostic()> emitError,
                                 WeightType type, ElementsAttr values,
                                 ElementsAttr intScales, ElementsAttr scales) {
  EncodingAttr enc = type.getEncoding();
  // Payloads hold raw data: dense or dense_resource elements, not e.g.
  // sparse ones.
  for (auto [name, attr] :
       {std::pair<StringRef, ElementsAttr>{"values", values},
        {"int_scales", intScales},
        {"scales", scales}})
    if (!isa<DenseIntOrFPElementsAttr, DenseResourceElementsAttr>(attr))
      return emitError() << "expected " << name
                         << " to be dense or dense_resource elements, found '"
                         << Attribute(attr).getAbstractAttribute().getName()
                         << "'";

  // Packed values: a 1-D i8 tensor of exactly ceil(n * bw / 8) bytes.
  auto valuesType = dyn_cast<RankedTensorType>(values.getType());
  int64_t packed = type.getPackedSize();
  if (!valuesType || valuesType.getRank() != 1 ||
      !valuesType.getElementType().isInteger(8))
    return emitError() << "expected values of type tensor<" << packed
                       << "xi8>, found " << values.getType();
  if (valuesType.getDimSize(0) != packed)
    return emitError() << "expected " << packed << " bytes of packed values ("
                       << type.getTensorType().getNumElements() << " x "
                       << enc.getBitwidth() << " bits), found "
                       << valuesType.getDimSize(0);
  // A dense_resource blob may hold fewer bytes than its type says.
  if (auto raw = getRawElements(values);
      succeeded(raw) && !raw->splat &&
      static_cast<int64_t>(raw->bytes.size()) < packed)
    return emitError() << "expected " << packed
                       << " bytes of values data, found " << raw->bytes.size();

  // Integer block scales: [batch..., channels, blocks], wide enough for K.
  SmallVector<int64_t> intShape = type.getIntScalesShape();
  auto intType = dyn_cast<RankedTensorType>(intScales.getType());
  if (!intType || intType.getShape() != ArrayRef<int64_t>(intShape))
    return emitError() << "expected int_scales of shape " << shapeStr(intShape)
                       << ", found " << intScales.getType();
  auto intElt = dyn_cast<IntegerType>(intType.getElementType());
  int64_t k = enc.getMaxIntScale();
  unsigned needBits = llvm::Log2_64(k) + 1;
  if (!intElt || intElt.getWidth() < needBits || intElt.getWidth() > 32)
    return emitError() << "expected int_scales of an integer type of "
                       << needBits << " to 32 bits (to hold " << k
                       << "), found " << intType.getElementType();
  if (auto raw = getRawElements(intScales); succeeded(raw)) {
    unsigned bytes = (intElt.getWidth() + 7) / 8;
    int64_t count = raw->splat ? 1 : intType.getNumElements();
    if (static_cast<int64_t>(raw->bytes.size()) < count * bytes)
      return emitError() << "expected " << count * bytes
                         << " bytes of int_scales data, found "
                         << raw->bytes.size();
    uint64_t mask =
        intElt.getWidth() >= 64 ? ~0ull : (1ull << intElt.getWidth()) - 1;
    for (int64_t i = 0; i < count; ++i) {
      uint64_t v = 0;
      std::memcpy(&v, raw->bytes.data() + i * bytes, bytes);
      v &= mask;
      if (v < 1 || static_cast<int64_t>(v) > k)
        return emitError() << "expected int_scales in [1, " << k << "], found "
                           << v << " at index " << i;
    }
  }

  // Float scales: [batch..., channels, groups] of f32, finite and positive.
  SmallVector<int64_t> scaleShape = type.getScalesShape();
  auto scaleType = dyn_cast<RankedTensorType>(scales.getType());
  if (!scaleType || scaleType.getShape() != ArrayRef<int64_t>(scaleShape) ||
      !scaleType.getElementType().isF32())
    return emitError() << "expected scales of type tensor<"
                       << shapeStr(scaleShape) << "xf32>, found "
                       << scales.getType();
  if (auto raw = getRawElements(scales); succeeded(raw)) {
    int64_t count = raw->splat ? 1 : scaleType.getNumElements();
    if (static_cast<int64_t>(raw->bytes.size()) < count * 4)
      return emitError() << "expected " << count * 4
                         << " bytes of scales data, found "
                         << raw->bytes.size();
    for (int64_t i = 0; i < count; ++i) {
      float f;
      std::memcpy(&f, raw->bytes.data() + i * 4, 4);
      if (!std::isfinite(f) || !(f > 0.0f)) {
        char buf[32];
        std::snprintf(buf, sizeof(buf), "%g", static_cast<double>(f));
        return emitError() << "expected finite positive scales, found " << buf
                           << " at index " << i;
      }
    }
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Ops
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::verify() {
  return verifyWeightPayloads([&] { return emitOpError(); },
                              getResult().getType(), getValues(),
                              getIntScales(), getScales());
}

void ConstantOp::getAsmResultNames(
    function_ref<void(Value, StringRef)> setNameFn) {
  setNameFn(getResult(), "lpbq_weight");
}

static std::string sanitizeBlobKey(StringRef s) {
  std::string out;
  for (char c : s)
    out.push_back(llvm::isAlnum(c) || c == '_' || c == '.' ? c : '_');
  return out.empty() ? std::string("lpbq") : out;
}

/// A dense attribute, or a dense_resource blob when at least `threshold`
/// bytes, holding `bytes` as elements of `type`.
static ElementsAttr makePayload(RankedTensorType type, ArrayRef<char> bytes,
                                int64_t threshold, StringRef key,
                                size_t align) {
  if (static_cast<int64_t>(bytes.size()) >= threshold)
    return DenseResourceElementsAttr::get(
        type, key, HeapAsmResourceBlob::allocateAndCopyWithAlign(bytes, align));
  return DenseElementsAttr::getFromRawBuffer(type, bytes);
}

std::string ConstantOp::getWeightName() {
  if (std::optional<StringRef> name = getName())
    return name->str();
  if (auto nameLoc = getLoc()->findInstanceOf<NameLoc>())
    return nameLoc.getName().str();
  return {};
}

ConstantOp ConstantOp::create(OpBuilder &builder, Location loc, WeightType type,
                              StringRef name, const core::Encoding &encoding,
                              int64_t resourceThreshold) {
  MLIRContext *ctx = builder.getContext();
  const core::Layout &l = encoding.layout;
  std::string key = sanitizeBlobKey(name);

  std::vector<uint8_t> packed =
      core::pack(encoding.values.data(), l.numElements,
                 static_cast<int>(type.getEncoding().getBitwidth()));
  auto valuesType = RankedTensorType::get({static_cast<int64_t>(packed.size())},
                                          IntegerType::get(ctx, 8));
  ElementsAttr values =
      makePayload(valuesType,
                  ArrayRef<char>(reinterpret_cast<const char *>(packed.data()),
                                 packed.size()),
                  resourceThreshold, key + ".values", 1);

  unsigned intWidth = type.getEncoding().getMaxIntScale() > 127 ? 16 : 8;
  auto intType = RankedTensorType::get(type.getIntScalesShape(),
                                       IntegerType::get(ctx, intWidth));
  std::vector<char> intBytes(encoding.intScales.size() * intWidth / 8);
  for (size_t i = 0; i < encoding.intScales.size(); ++i) {
    if (intWidth == 8)
      intBytes[i] = static_cast<char>(encoding.intScales[i]);
    else {
      int16_t v = static_cast<int16_t>(encoding.intScales[i]);
      std::memcpy(&intBytes[2 * i], &v, 2);
    }
  }
  ElementsAttr ints = makePayload(intType, intBytes, resourceThreshold,
                                  key + ".int_scales", intWidth / 8);

  auto scaleType =
      RankedTensorType::get(type.getScalesShape(), Float32Type::get(ctx));
  ElementsAttr scales =
      makePayload(scaleType,
                  ArrayRef<char>(reinterpret_cast<const char *>(
                                     encoding.channelScales.data()),
                                 encoding.channelScales.size() * sizeof(float)),
                  resourceThreshold, key + ".scales", alignof(float));
  return ConstantOp::create(builder, loc, type,
                            name.empty() ? StringAttr()
                                         : builder.getStringAttr(name),
                            values, ints, scales);
}

LogicalResult ConstantOp::checkPayloadData() {
  for (auto [name, attr] :
       {std::pair<StringRef, ElementsAttr>{"values", getValues()},
        {"int_scales", getIntScales()},
        {"scales", getScales()}}) {
    if (succeeded(getRawElements(attr)))
      continue;
    InFlightDiagnostic diag = emitOpError() << "expected the data of " << name
                                            << " to be available, found ";
    if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr))
      diag << "no blob for dense_resource<" << resource.getRawHandle().getKey()
           << ">";
    else
      diag << "'" << Attribute(attr).getAbstractAttribute().getName() << "'";
    return diag;
  }
  return success();
}

LogicalResult ConstantOp::readEncoding(core::Encoding &encoding) {
  encoding.params = getType().getEncoding().toCoreParams();
  encoding.layout = getType().getLayout();
  encoding.blockScales.clear();
  return readPayloads(encoding.values, encoding.intScales,
                      encoding.channelScales);
}

LogicalResult ConstantOp::readScales(std::vector<int32_t> &intScales,
                                     std::vector<float> &scales) {
  if (failed(checkPayloadData()))
    return failure();
  auto rawInts = getRawElements(getIntScales());
  auto rawScales = getRawElements(getScales());
  auto intType = cast<RankedTensorType>(getIntScales().getType());
  unsigned width = intType.getElementType().getIntOrFloatBitWidth();
  unsigned bytes = (width + 7) / 8;
  uint64_t mask = width >= 64 ? ~0ull : (1ull << width) - 1;
  intScales.resize(intType.getNumElements());
  for (size_t i = 0; i < intScales.size(); ++i) {
    uint64_t v = 0;
    std::memcpy(&v, rawInts->bytes.data() + (rawInts->splat ? 0 : i * bytes),
                bytes);
    intScales[i] = static_cast<int32_t>(v & mask);
  }
  auto scaleType = cast<RankedTensorType>(getScales().getType());
  scales.resize(scaleType.getNumElements());
  for (size_t i = 0; i < scales.size(); ++i)
    std::memcpy(&scales[i],
                rawScales->bytes.data() + (rawScales->splat ? 0 : i * 4), 4);
  return success();
}

LogicalResult ConstantOp::readPayloads(std::vector<int8_t> &values,
                                       std::vector<int32_t> &intScales,
                                       std::vector<float> &scales) {
  if (failed(readScales(intScales, scales)))
    return failure();
  WeightType type = getType();
  auto rawValues = getRawElements(getValues());
  int64_t n = type.getTensorType().getNumElements();
  int bw = static_cast<int>(type.getEncoding().getBitwidth());
  values.resize(n);
  if (rawValues->splat) {
    std::vector<uint8_t> bytes(type.getPackedSize(),
                               static_cast<uint8_t>(rawValues->bytes[0]));
    core::unpack(bytes.data(), n, bw, values.data());
  } else {
    core::unpack(reinterpret_cast<const uint8_t *>(rawValues->bytes.data()), n,
                 bw, values.data());
  }
  return success();
}

LogicalResult mlir::lpbq::checkDequantizedPayloadData(Operation *root) {
  WalkResult result = root->walk([](ConstantOp op) {
    bool dequantized = llvm::any_of(op->getUsers(), [](Operation *user) {
      return isa<DequantizeOp>(user);
    });
    if (dequantized && failed(op.checkPayloadData()))
      return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}
