package dev.faultline.processor.internal;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * One compilation's run of the {@code @Trace} processor: it checks the trace points of
 * each round's types, remembers which classes this compilation compiles, and in the last
 * round writes the trace index, merged with the one a previous compilation left.
 *
 * <p>Not public API: {@code dev.faultline.processor.TraceProcessor} is the only caller.
 */
public final class TraceRun {
    /** The processor option that turns the index off: {@code -Afaultline.index=false}. */
    public static final String INDEX_OPTION = "faultline.index";

    private final Elements elements;
    private final Filer filer;
    private final Diagnostics diagnostics;
    private final SourceTrees trees;
    private final TypeTracePoints points;
    private final boolean writeIndex;

    private final List<IndexLine> lines = new ArrayList<>();
    private final Set<String> compiled = new HashSet<>();
    private final Set<String> deferred = new LinkedHashSet<>();

    /** A run in {@code env}; a bad option value is reported here. */
    public TraceRun(ProcessingEnvironment env) {
        this(env, SourceTrees.of(env));
    }

    TraceRun(ProcessingEnvironment env, SourceTrees trees) {
        this.elements = env.getElementUtils();
        this.filer = env.getFiler();
        this.diagnostics = new Diagnostics(env.getMessager());
        this.trees = trees;
        this.points = new TypeTracePoints(elements, new Descriptors(env.getTypeUtils(), elements), trees,
                new ElementNames(env.getTypeUtils()), diagnostics);
        String option = env.getOptions().get(INDEX_OPTION);
        this.writeIndex = option == null || !option.equals("false");
        if (option != null && !option.equals("true") && !option.equals("false")) {
            diagnostics.error("faultline processor option -A" + INDEX_OPTION + "=" + option
                    + " is not accepted (accepted: true, false)");
        }
    }

    /** Processes one round; in the last, writes the index. */
    public void round(RoundEnvironment round) {
        for (Element root : round.getRootElements()) {
            if (root instanceof TypeElement) {
                remember((TypeElement) root);
            }
        }
        TypeElement trace = elements.getTypeElement(TraceValues.ANNOTATION);
        if (trace != null) {
            for (Element root : round.getRootElements()) {
                if (root instanceof TypeElement) {
                    trees.scanBodies(root);
                }
            }
            collect(round, trace);
        }
        if (round.processingOver()) {
            writeIndex();
        }
    }

    private void remember(TypeElement type) {
        compiled.add(elements.getBinaryName(type).toString());
        for (Element member : type.getEnclosedElements()) {
            if (member instanceof TypeElement) {
                remember((TypeElement) member);
            }
        }
    }

    private void collect(RoundEnvironment round, TypeElement trace) {
        Set<TypeElement> types = new LinkedHashSet<>();
        for (String name : deferred) {
            TypeElement type = elements.getTypeElement(name);
            if (type != null) {
                types.add(type);
            }
        }
        deferred.clear();
        for (Element annotated : round.getElementsAnnotatedWith(trace)) {
            if (annotated instanceof TypeElement) {
                types.add((TypeElement) annotated);
            } else if (annotated.getEnclosingElement() instanceof TypeElement) {
                types.add((TypeElement) annotated.getEnclosingElement());
            }
        }
        for (TypeElement type : types) {
            if (!round.processingOver() && !points.resolves(type)) {
                // a later round may generate the missing type; javac reports it if none does
                deferred.add(type.getQualifiedName().toString());
            } else {
                points.collect(type, lines);
            }
        }
    }

    private void writeIndex() {
        if (!writeIndex) {
            return;
        }
        TraceIndex.Previous previous = readPrevious();
        if (previous == null && lines.isEmpty()) {
            return;
        }
        List<IndexLine> kept = previous == null ? List.of() : previous.lines();
        String text = TraceIndex.format(TraceIndex.merge(kept, compiled, lines, this::exists));
        try {
            FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", TraceIndex.PATH);
            try (Writer out = new OutputStreamWriter(file.openOutputStream(), StandardCharsets.UTF_8)) {
                out.write(text);
            }
        } catch (IOException e) {
            diagnostics.error("faultline processor could not write " + TraceIndex.PATH + ": " + e
                    + "; without it the agent scans class files for @Trace");
        }
    }

    /** The index a previous compilation left in the class output, or null if there is none. */
    private TraceIndex.Previous readPrevious() {
        String text;
        try {
            FileObject file = filer.getResource(StandardLocation.CLASS_OUTPUT, "", TraceIndex.PATH);
            try (InputStream in = file.openInputStream()) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (FileNotFoundException | NoSuchFileException none) {
            return null;
        } catch (IOException e) {
            diagnostics.warning("faultline processor could not read the existing " + TraceIndex.PATH + ": " + e
                    + "; it is rewritten from the classes compiled now");
            return new TraceIndex.Previous(false, "", List.of());
        }
        TraceIndex.Previous previous = TraceIndex.parse(text);
        if (!previous.known()) {
            diagnostics.warning("faultline processor ignored the existing " + TraceIndex.PATH + ": its first line is '"
                    + previous.firstLine() + "', not '" + TraceIndex.HEADER
                    + "'; it is rewritten from the classes compiled now");
        }
        return previous;
    }

    /** Whether the class of this binary name is still on the compilation's class path. */
    private boolean exists(String binaryName) {
        TypeElement type = elements.getTypeElement(binaryName.replace('$', '.'));
        if (type == null && binaryName.indexOf('$') >= 0) {
            // a '$' that is part of a top-level class's name
            type = elements.getTypeElement(binaryName);
        }
        return type != null && elements.getBinaryName(type).contentEquals(binaryName);
    }
}
