package dev.faultline.processor.internal;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import java.util.List;

/**
 * Recognises method bodies too small to be worth tracing: empty, only returning a
 * variable or constant, only assigning one to a field. The test is syntactic, on the
 * unattributed tree that annotation processing sees.
 */
final class TrivialBodies {
    private TrivialBodies() {
    }

    /** What makes {@code method}'s body trivial ("is empty", ...), or null if it is not. */
    static String describe(MethodTree method) {
        if (method.getBody() == null) {
            return null;
        }
        List<? extends StatementTree> statements = method.getBody().getStatements();
        if (statements.isEmpty()) {
            return "has an empty body";
        }
        if (statements.size() != 1) {
            return null;
        }
        StatementTree only = statements.get(0);
        if (only instanceof ReturnTree) {
            ExpressionTree value = ((ReturnTree) only).getExpression();
            return value != null && isPlain(value) ? "only returns a field, variable or constant" : null;
        }
        if (only instanceof ExpressionStatementTree
                && ((ExpressionStatementTree) only).getExpression() instanceof AssignmentTree) {
            AssignmentTree assignment = (AssignmentTree) ((ExpressionStatementTree) only).getExpression();
            return isVariable(assignment.getVariable()) && isPlain(assignment.getExpression())
                    ? "only assigns a field" : null;
        }
        return null;
    }

    /** A name, {@code this.name} or a literal: reading it costs next to nothing. */
    private static boolean isPlain(ExpressionTree expression) {
        return expression.getKind() == Tree.Kind.NULL_LITERAL
                || expression.getKind() == Tree.Kind.BOOLEAN_LITERAL
                || expression.getKind() == Tree.Kind.STRING_LITERAL
                || expression.getKind() == Tree.Kind.INT_LITERAL
                || expression.getKind() == Tree.Kind.LONG_LITERAL
                || expression.getKind() == Tree.Kind.CHAR_LITERAL
                || expression.getKind() == Tree.Kind.FLOAT_LITERAL
                || expression.getKind() == Tree.Kind.DOUBLE_LITERAL
                || isVariable(expression);
    }

    private static boolean isVariable(ExpressionTree expression) {
        if (expression instanceof IdentifierTree) {
            return true;
        }
        if (expression instanceof MemberSelectTree) {
            ExpressionTree owner = ((MemberSelectTree) expression).getExpression();
            return owner instanceof IdentifierTree && ((IdentifierTree) owner).getName().contentEquals("this");
        }
        return false;
    }
}
